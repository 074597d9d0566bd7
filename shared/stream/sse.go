package stream

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
)

// maxLine bounds one SSE line; events are small JSON objects.
const maxLine = 1 << 20

// message is one dispatched SSE event.
type message struct {
	ID    string
	HasID bool // an id: field was present in this event
	Event string
	Data  string
}

// parser reads an event stream as the WHATWG HTML spec describes: lines end
// in CRLF, LF or CR; ':' starts a comment; a blank line dispatches.
type parser struct {
	sc      *bufio.Scanner
	first   bool
	onRetry func(ms int64)
}

func newParser(r io.Reader, onRetry func(ms int64)) *parser {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	sc.Split(scanLines)
	return &parser{sc: sc, first: true, onRetry: onRetry}
}

// next returns the next event with data, or the read error (io.EOF at a
// clean end). An event cut off by the end of the stream is discarded, as the
// spec requires.
func (p *parser) next() (message, error) {
	var (
		m       message
		data    strings.Builder
		hasData bool
	)
	for p.sc.Scan() {
		line := p.sc.Text()
		if p.first {
			p.first = false
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		if line == "" {
			if !hasData {
				// Spec: no data → reset the buffers, dispatch nothing.
				m = message{}
				continue
			}
			m.Data = strings.TrimSuffix(data.String(), "\n")
			return m, nil
		}
		if line[0] == ':' {
			continue // comment, e.g. keep-alive
		}
		field, value := line, ""
		if i := strings.IndexByte(line, ':'); i >= 0 {
			field, value = line[:i], strings.TrimPrefix(line[i+1:], " ")
		}
		switch field {
		case "event":
			m.Event = value
		case "data":
			data.WriteString(value)
			data.WriteByte('\n')
			hasData = true
		case "id":
			if !strings.ContainsRune(value, 0) {
				m.ID, m.HasID = value, value != ""
			}
		case "retry":
			if ms, err := strconv.ParseInt(value, 10, 64); err == nil && ms >= 0 && isDigits(value) && p.onRetry != nil {
				p.onRetry(ms)
			}
		}
	}
	if err := p.sc.Err(); err != nil {
		return message{}, err
	}
	return message{}, io.EOF
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// scanLines splits on CRLF, LF or a lone CR. A CR at the end of the buffer
// waits for more input so a CRLF split across reads counts once.
func scanLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
		if data[i] == '\n' {
			return i + 1, data[:i], nil
		}
		// CR
		if i+1 < len(data) {
			if data[i+1] == '\n' {
				return i + 2, data[:i], nil
			}
			return i + 1, data[:i], nil
		}
		if atEOF {
			return i + 1, data[:i], nil
		}
		return 0, nil, nil // need one more byte to see whether LF follows
	}
	if atEOF {
		return len(data), data, nil
	}
	return 0, nil, nil
}
