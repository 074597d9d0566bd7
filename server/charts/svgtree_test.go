package charts_test

import (
	"bytes"
	"encoding/xml"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// node is a parsed SVG element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []*node    `xml:",any"`
	Text    string     `xml:",chardata"`
}

// parse reads svg with encoding/xml (strict) and fails the test if it is
// not well-formed.
func parse(t *testing.T, svg []byte) *node {
	t.Helper()
	var root node
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	return &root
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name && (a.Name.Space == "" || name == "xmlns") {
			return a.Value
		}
	}
	return ""
}

func (n *node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

func (n *node) hasClass(c string) bool {
	for _, f := range strings.Fields(n.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

// walk calls fn for n and every element below it, with its ancestors.
func (n *node) walk(fn func(n *node, up []*node)) {
	var rec func(n *node, up []*node)
	rec = func(n *node, up []*node) {
		fn(n, up)
		up = append(up, n)
		for _, k := range n.Kids {
			rec(k, up)
		}
	}
	rec(n, nil)
}

// find returns the elements named tag (any if "") with class cls (any if
// "") below n, in document order.
func (n *node) find(tag, cls string) []*node {
	var out []*node
	n.walk(func(e *node, _ []*node) {
		if (tag == "" || e.XMLName.Local == tag) && (cls == "" || e.hasClass(cls)) {
			out = append(out, e)
		}
	})
	return out
}

func (n *node) one(t *testing.T, tag, cls string) *node {
	t.Helper()
	f := n.find(tag, cls)
	if len(f) != 1 {
		t.Fatalf("%d <%s class=%s>, want 1", len(f), tag, cls)
	}
	return f[0]
}

// tip is the text of the element's own <title> child ("" if none).
func (n *node) tip() string {
	for _, k := range n.Kids {
		if k.XMLName.Local == "title" {
			return k.Text
		}
	}
	return ""
}

// texts are the visible strings of the <text> elements below n.
func (n *node) texts() []string {
	var s []string
	for _, e := range n.find("text", "") {
		s = append(s, strings.TrimSpace(e.Text))
	}
	return s
}

// tick is one labelled grid line of a y axis.
type tick struct {
	label string
	v, y  float64
}

// yTicks reads the y axis: grid lines and their labels, paired in order.
func yTicks(t *testing.T, root *node) []tick {
	t.Helper()
	ax := root.one(t, "g", "y-axis")
	lines, labels := ax.find("line", ""), ax.find("text", "tick")
	if len(lines) != len(labels) || len(lines) < 2 {
		t.Fatalf("y axis: %d lines, %d labels", len(lines), len(labels))
	}
	var ts []tick
	for i, l := range lines {
		lab := strings.TrimSpace(labels[i].Text)
		ts = append(ts, tick{lab, idNumber(t, lab), l.num(t, "y1")})
	}
	return ts
}

// idNumber reads an Indonesian number label: "1.234,5", "80%", "150 rb".
func idNumber(t *testing.T, s string) float64 {
	t.Helper()
	mult := 1.0
	for suffix, m := range map[string]float64{" rb": 1e3, " jt": 1e6, " M": 1e9, " T": 1e12} {
		if strings.HasSuffix(s, suffix) {
			s, mult = strings.TrimSuffix(s, suffix), m
		}
	}
	s = strings.TrimSuffix(s, "%")
	s = strings.ReplaceAll(s, ".", "")
	s = strings.ReplaceAll(s, ",", ".")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not an Indonesian number: %q", s)
	}
	return v * mult
}

// scaleOf maps a value to its y from the axis ticks (checking on the way
// that ticks are evenly spaced in value and in pixels).
func scaleOf(t *testing.T, ts []tick) func(v float64) float64 {
	t.Helper()
	step, px := ts[1].v-ts[0].v, ts[1].y-ts[0].y
	for i := 1; i < len(ts); i++ {
		if math.Abs(ts[i].v-ts[i-1].v-step) > 1e-9*math.Max(1, math.Abs(step)) || math.Abs(ts[i].y-ts[i-1].y-px) > 0.02 {
			t.Fatalf("uneven ticks: %+v", ts)
		}
	}
	if !isNiceStep(step) {
		t.Fatalf("tick step %v is not 1, 2 or 5 × 10^k: %+v", step, ts)
	}
	return func(v float64) float64 { return ts[0].y + (v-ts[0].v)/step*px }
}

func isNiceStep(s float64) bool {
	if s <= 0 {
		return false
	}
	m := s / math.Pow(10, math.Floor(math.Log10(s)+1e-9))
	for _, n := range []float64{1, 2, 5} {
		if math.Abs(m-n) < 1e-6 {
			return true
		}
	}
	return false
}

var numberRe = regexp.MustCompile(`-?[0-9]*\.?[0-9]+`)

// pathPoints reads the points of a path made of M and L commands.
func pathPoints(t *testing.T, d string) (runs [][][2]float64) {
	t.Helper()
	for _, seg := range regexp.MustCompile(`[ML][^ML]*`).FindAllString(d, -1) {
		xy := numberRe.FindAllString(seg, -1)
		if len(xy) != 2 {
			t.Fatalf("path segment %q", seg)
		}
		x, _ := strconv.ParseFloat(xy[0], 64)
		y, _ := strconv.ParseFloat(xy[1], 64)
		if seg[0] == 'M' {
			runs = append(runs, nil)
		}
		runs[len(runs)-1] = append(runs[len(runs)-1], [2]float64{x, y})
	}
	return runs
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
