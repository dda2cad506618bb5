package hub

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/shinan-alliance/alliance/wire"
)

// Certificates is the hub's TLS certificate and key, read from two PEM
// files and read again when they change: Reload (on SIGHUP) or Watch
// (every minute) swap in a renewed certificate for new connections without
// dropping open syncs. A file that does not load leaves the certificate in
// use as it was, and says why.
type Certificates struct {
	CertFile, KeyFile string
	Logger            *slog.Logger
	// OnLoad, if set, is told the pin (wire.KeyPin) of each certificate
	// loaded, the first included.
	OnLoad func(pin string)

	mu      sync.Mutex
	cert    *tls.Certificate
	pin     string
	modTime time.Time
}

// LoadCertificates reads the certificate and key; it fails if they do not
// load, so a hub never starts without one.
func LoadCertificates(certFile, keyFile string, logger *slog.Logger, onLoad func(pin string)) (*Certificates, error) {
	if logger == nil {
		logger = slog.Default()
	}
	c := &Certificates{CertFile: certFile, KeyFile: keyFile, Logger: logger, OnLoad: onLoad}
	if err := c.Reload(); err != nil {
		return nil, err
	}
	return c, nil
}

// Reload reads the files again. On failure the certificate in use stays.
func (c *Certificates) Reload() error {
	mt := c.newestModTime()
	pair, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
	if err != nil {
		return fmt.Errorf("load TLS certificate %s and key %s: %w", c.CertFile, c.KeyFile, err)
	}
	leaf := pair.Leaf
	if leaf == nil {
		if leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return fmt.Errorf("load TLS certificate %s: %w", c.CertFile, err)
		}
	}
	pin := wire.KeyPin(leaf)
	c.mu.Lock()
	changed := c.cert != nil
	c.cert, c.pin, c.modTime = &pair, pin, mt
	c.mu.Unlock()
	if changed {
		c.Logger.Info("TLS certificate reloaded", "pin", pin, "expires", leaf.NotAfter.UTC().Format(time.RFC3339))
	}
	if c.OnLoad != nil {
		c.OnLoad(pin)
	}
	return nil
}

// Pin is the key pin of the certificate in use.
func (c *Certificates) Pin() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.pin
}

func (c *Certificates) newestModTime() time.Time {
	var t time.Time
	for _, f := range []string{c.CertFile, c.KeyFile} {
		if st, err := os.Stat(f); err == nil && st.ModTime().After(t) {
			t = st.ModTime()
		}
	}
	return t
}

// Watch reloads the files whenever they change (checked every interval)
// until ctx ends: a certificate renewed by a tool that cannot signal the
// hub is still picked up.
func (c *Certificates) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		c.mu.Lock()
		last := c.modTime
		c.mu.Unlock()
		if mt := c.newestModTime(); mt.After(last) {
			if err := c.Reload(); err != nil {
				c.Logger.Error("TLS certificate changed but does not load; keeping the one in use", "err", err)
				c.mu.Lock()
				c.modTime = mt // do not retry until it changes again
				c.mu.Unlock()
			}
		}
	}
}

// TLSConfig serves the current certificate to every new connection.
func (c *Certificates) TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			c.mu.Lock()
			defer c.mu.Unlock()
			return c.cert, nil
		},
	}
}

// GenerateCertificate writes a new self-signed certificate and its key
// (ECDSA P-256, valid ten years) for the given host names and addresses,
// unless both files exist already. Kiosks trust such a hub by its key's
// pin, which enrolment codes carry, so the certificate's expiry and signer
// do not matter to them; keep the key when renewing and the pin stays.
func GenerateCertificate(certFile, keyFile string, hosts []string) (created bool, err error) {
	_, cerr := os.Stat(certFile)
	_, kerr := os.Stat(keyFile)
	if cerr == nil && kerr == nil {
		return false, nil
	}
	if cerr == nil || kerr == nil {
		return false, fmt.Errorf("only one of %s and %s exists: give both, or neither to have them made", certFile, keyFile)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return false, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return false, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "alliance hub", Organization: []string{"Shinan community alliance"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else if h != "" {
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return false, err
	}
	kder, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return false, err
	}
	for _, dir := range []string{filepath.Dir(certFile), filepath.Dir(keyFile)} {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return false, err
		}
	}
	if err := writeNew(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600); err != nil {
		return false, err
	}
	if err := writeNew(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		os.Remove(keyFile)
		return false, err
	}
	return true, nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// SetTLSPin records the key pin of the certificate the hub serves, for
// enroll (and the console) to print beside each enrolment code.
func (db *DB) SetTLSPin(ctx context.Context, pin string) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return setMeta(ctx, tx, "tls_pin", pin) })
}

// TLSPin is the key pin of the certificate the hub last served with, or ""
// when it serves plain HTTP (behind a TLS proxy, say) or never served.
func (db *DB) TLSPin(ctx context.Context) (string, error) {
	return getMeta(ctx, db.read, "tls_pin")
}
