package stream

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestParserSpec(t *testing.T) {
	in := "\uFEFF: hello\n" +
		"id: 1\nevent: ticket.called\ndata: {\"a\":1}\n\n" +
		"data: line1\r\ndata: line2\r\nid:2\r\n\r\n" + // CRLF, no space after colon
		"data:x\rid: 3\r\r" + // lone CR
		"event: reset\ndata: {\"seq\":9}\n\n" +
		"id: 4\n\n" + // no data: nothing dispatched
		"retry: 1234\nretry: 12x\n" +
		"data\n\n" + // field with no colon: empty data line
		"id: 5\ndata: cut off at EOF"
	var retries []int64
	p := newParser(iotest.OneByteReader(strings.NewReader(in)), func(ms int64) { retries = append(retries, ms) })
	want := []message{
		{ID: "1", HasID: true, Event: "ticket.called", Data: `{"a":1}`},
		{ID: "2", HasID: true, Data: "line1\nline2"},
		{ID: "3", HasID: true, Data: "x"},
		{Event: "reset", Data: `{"seq":9}`},
		{Data: ""},
	}
	for i, w := range want {
		m, err := p.next()
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if m != w {
			t.Fatalf("message %d = %+v, want %+v", i, m, w)
		}
	}
	if _, err := p.next(); err != io.EOF {
		t.Fatalf("want io.EOF for the incomplete event, got %v", err)
	}
	if len(retries) != 1 || retries[0] != 1234 {
		t.Fatalf("retries %v", retries)
	}
}
