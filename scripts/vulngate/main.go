// Command vulngate reads `govulncheck -format json` on stdin and fails when
// the code calls a vulnerable function of a third-party module (those can
// be upgraded in go.mod). Findings in the Go standard library are listed
// as a warning only: they need a newer Go toolchain, which CI machines
// cannot fetch; upgrade Go on the servers when one is listed.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

type frame struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Package  string `json:"package"`
	Function string `json:"function"`
}

type message struct {
	Finding *struct {
		OSV          string  `json:"osv"`
		FixedVersion string  `json:"fixed_version"`
		Trace        []frame `json:"trace"`
	} `json:"finding"`
}

func main() {
	dec := json.NewDecoder(os.Stdin)
	modules, stdlib := map[string]string{}, map[string]string{}
	for {
		var m message
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "vulngate: bad govulncheck output:", err)
			os.Exit(2)
		}
		f := m.Finding
		if f == nil || len(f.Trace) == 0 || f.Trace[0].Function == "" {
			continue // imported or required, but not called
		}
		top := f.Trace[0]
		line := fmt.Sprintf("%s in %s@%s (fixed in %s)", f.OSV, top.Module, top.Version, f.FixedVersion)
		if top.Module == "stdlib" {
			stdlib[f.OSV] = line
		} else {
			modules[f.OSV] = line
		}
	}
	print := func(title string, m map[string]string) {
		var ls []string
		for _, l := range m {
			ls = append(ls, l)
		}
		sort.Strings(ls)
		fmt.Println(title)
		for _, l := range ls {
			fmt.Println("  " + l)
		}
	}
	if len(stdlib) > 0 {
		print(fmt.Sprintf("warning: %d called vulnerabilities of the Go standard library; build releases with a newer Go:", len(stdlib)), stdlib)
	}
	if len(modules) > 0 {
		print(fmt.Sprintf("%d called vulnerabilities in modules: upgrade them in go.mod:", len(modules)), modules)
		os.Exit(1)
	}
	fmt.Println("govulncheck: no called vulnerability in a third-party module")
}
