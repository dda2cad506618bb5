// Command bench measures the store on a generated 100k-post pack and prints
// each figure beside a baseline measured in the same run:
//
//   - import (load + validate + write + index) vs. bare SQL inserts of the
//     same rows and the same search-index entries in one transaction;
//   - search latency (p50/p95) by query length and frequency vs. LIKE '%q%'.
//
// Run it with `make bench`; -posts and -images scale it down for a quick look.
package main
