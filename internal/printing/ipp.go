package printing

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
)

// The little of IPP (RFC 8010, 8011) the kiosk needs: asking CUPS about
// a printer or a job, over its local socket or port.

// IPP operations and value tags used here.
const (
	opGetPrinterAttributes = 0x000b
	opGetJobAttributes     = 0x0009

	tagOperation = 0x01
	tagJob       = 0x02
	tagEnd       = 0x03
	tagPrinter   = 0x04

	tagInteger  = 0x21
	tagEnum     = 0x23
	tagText     = 0x41
	tagName     = 0x42
	tagKeyword  = 0x44
	tagURI      = 0x45
	tagCharset  = 0x47
	tagLanguage = 0x48
)

// server is where CUPS listens: a socket path, or host:port.
func server(s string) string {
	if s == "" {
		s = os.Getenv("CUPS_SERVER")
	}
	if s == "" {
		if _, err := os.Stat("/run/cups/cups.sock"); err == nil {
			return "/run/cups/cups.sock"
		}
		return "localhost:631"
	}
	if !strings.HasPrefix(s, "/") && !strings.Contains(s, ":") {
		s += ":631"
	}
	return s
}

// ippRequest asks CUPS at srv with operation op about uri (printer-uri or
// job-uri, as uriName says) and returns the attributes of the answer's
// group wanted (tagPrinter or tagJob), each attribute's values as
// strings (integers and enums in decimal).
func ippRequest(ctx context.Context, srv string, op uint16, uriName, uri string, wanted byte, attrs ...string) (map[string][]string, error) {
	var b bytes.Buffer
	b.Write([]byte{2, 0})
	binary.Write(&b, binary.BigEndian, op)
	binary.Write(&b, binary.BigEndian, uint32(1))
	b.WriteByte(tagOperation)
	put := func(tag byte, name, value string) {
		b.WriteByte(tag)
		binary.Write(&b, binary.BigEndian, uint16(len(name)))
		b.WriteString(name)
		binary.Write(&b, binary.BigEndian, uint16(len(value)))
		b.WriteString(value)
	}
	put(tagCharset, "attributes-charset", "utf-8")
	put(tagLanguage, "attributes-natural-language", "en")
	put(tagURI, uriName, uri)
	put(tagName, "requesting-user-name", "kiosk")
	for i, a := range attrs {
		name := "requested-attributes"
		if i > 0 {
			name = "" // an additional value of the same attribute
		}
		put(tagKeyword, name, a)
	}
	b.WriteByte(tagEnd)

	client := &http.Client{}
	host := srv
	if strings.HasPrefix(srv, "/") {
		host = "localhost"
		client.Transport = &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", srv)
		}}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+host+"/", &b)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/ipp")
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("cups answered %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	status, groups, err := parseIPP(body)
	if err != nil {
		return nil, err
	}
	if status >= 0x0400 {
		if status == 0x0406 {
			return nil, errNotFound
		}
		return nil, fmt.Errorf("cups answered status 0x%04x", status)
	}
	return groups[wanted], nil
}

// errNotFound is CUPS's client-error-not-found: no such printer or job.
var errNotFound = fmt.Errorf("not found")

// parseIPP reads an IPP response: its status code and, for each group
// tag, the attributes (the last group of a tag wins).
func parseIPP(b []byte) (uint16, map[byte]map[string][]string, error) {
	bad := fmt.Errorf("malformed ipp response")
	if len(b) < 9 {
		return 0, nil, bad
	}
	status := binary.BigEndian.Uint16(b[2:4])
	groups := map[byte]map[string][]string{}
	var cur map[string][]string
	last := ""
	i := 8
	for i < len(b) {
		tag := b[i]
		i++
		if tag == tagEnd {
			return status, groups, nil
		}
		if tag < 0x10 { // a group
			cur = map[string][]string{}
			groups[tag] = cur
			continue
		}
		if i+2 > len(b) {
			return 0, nil, bad
		}
		nl := int(binary.BigEndian.Uint16(b[i:]))
		i += 2
		if i+nl+2 > len(b) {
			return 0, nil, bad
		}
		name := string(b[i : i+nl])
		i += nl
		vl := int(binary.BigEndian.Uint16(b[i:]))
		i += 2
		if i+vl > len(b) {
			return 0, nil, bad
		}
		v := b[i : i+vl]
		i += vl
		if name == "" {
			name = last
		}
		last = name
		if cur == nil {
			return 0, nil, bad
		}
		var s string
		switch {
		case (tag == tagInteger || tag == tagEnum) && vl == 4:
			s = fmt.Sprint(int32(binary.BigEndian.Uint32(v)))
		default:
			s = string(v)
		}
		cur[name] = append(cur[name], s)
	}
	return 0, nil, bad
}
