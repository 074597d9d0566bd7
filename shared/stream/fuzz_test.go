package stream

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func parseAll(t *testing.T, r io.Reader) []message {
	t.Helper()
	p := newParser(r, nil)
	var out []message
	for {
		m, err := p.next()
		if err != nil {
			if err != io.EOF && err != bufio.ErrTooLong {
				t.Fatalf("parse error %v", err)
			}
			return out
		}
		out = append(out, m)
		if len(out) > 1<<16 {
			t.Fatal("runaway parser")
		}
	}
}

// FuzzParser: any byte stream parses the same whether it arrives whole or
// one byte at a time (a CRLF split across reads counts once), and a
// dispatched event never carries a line break in its type or id, nor a
// NUL in its id.
func FuzzParser(f *testing.F) {
	f.Add([]byte("retry: 2000\n\nid: 7\nevent: ticket.called\ndata: {\"a\":1}\n\n"))
	f.Add([]byte("\uFEFFdata: x\r\ndata: y\r\rid: 1\x00\r\n\r\n: keep-alive\n\nevent\ndata\n\n"))
	f.Add([]byte("data: cut off at the end"))
	f.Fuzz(func(t *testing.T, b []byte) {
		whole := parseAll(t, bytes.NewReader(b))
		bytewise := parseAll(t, iotest.OneByteReader(bytes.NewReader(b)))
		if len(whole) != len(bytewise) {
			t.Fatalf("%d events whole, %d byte by byte", len(whole), len(bytewise))
		}
		for i := range whole {
			if whole[i] != bytewise[i] {
				t.Fatalf("event %d: %+v whole, %+v byte by byte", i, whole[i], bytewise[i])
			}
			m := whole[i]
			if strings.ContainsAny(m.Event, "\r\n") || strings.ContainsAny(m.ID, "\r\n\x00") || strings.Contains(m.Data, "\r") {
				t.Fatalf("event %d carries a line break or NUL: %+v", i, m)
			}
		}
	})
}
