// Command bench measures the hub console's busiest pages on a district
// ten times the size of Shinan's data: 100,000 posts, 50,000 suggestions,
// 2,000 kiosks, and an event with 600 sign-ups from 40 kiosks. Each page's
// server time (the whole handler: session, policy, queries, template) is
// printed beside the bare SQL query it runs, measured in the same run:
// p50 and p95 over -n requests. The targets: p95 at most 50 ms, and at most
// 5× the bare query. Beside the wall times it prints the request thread's
// CPU time, which a busy machine does not inflate as much.
//
// -cache FILE keeps the filled hub and starts later runs from a copy of it;
// -page NAME measures only some pages; -cpuprofile FILE profiles them.
//
// Run it with `make bench`; -suggestions and -posts scale it down.
package main
