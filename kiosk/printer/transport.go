package printer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"

	"antrean/shared/api"
)

// ErrPaperOut is returned when the printer reports its roll is empty.
var ErrPaperOut = errors.New("printer: kertas habis")

// Printer sends receipts to one thermal printer.
type Printer struct {
	target string // as configured, for messages
	tcp    string // host:port, when printing over the network
	device string // path, when printing to a device file
	paper  Paper

	// DialTimeout bounds connecting (TCP); WriteTimeout bounds one job.
	DialTimeout  time.Duration
	WriteTimeout time.Duration
	// StatusTimeout is how long to wait for the answer to a real-time
	// status request (DLE EOT 4) before printing anyway; printers that do
	// not answer still print. 0 skips the request.
	StatusTimeout time.Duration
}

// New parses target: "tcp://host:9100" (port 9100 when missing) or a device
// path such as "/dev/usb/lp0".
func New(target string, paper Paper) (*Printer, error) {
	if paper != Paper58 && paper != Paper80 {
		return nil, fmt.Errorf("printer: paper %d mm: want 58 or 80", paper)
	}
	p := &Printer{target: target, paper: paper, DialTimeout: 3 * time.Second,
		WriteTimeout: 5 * time.Second, StatusTimeout: 500 * time.Millisecond}
	switch {
	case strings.HasPrefix(target, "tcp://"):
		hp := strings.TrimPrefix(target, "tcp://")
		if _, _, err := net.SplitHostPort(hp); err != nil {
			hp = net.JoinHostPort(hp, "9100")
		}
		p.tcp = hp
	case strings.HasPrefix(target, "/"):
		p.device = target
	default:
		return nil, fmt.Errorf("printer %q: want tcp://host:9100 or a device path like /dev/usb/lp0", target)
	}
	return p, nil
}

// Paper is the configured roll width.
func (p *Printer) Paper() Paper { return p.paper }

// String is the configured target.
func (p *Printer) String() string { return p.target }

// Print encodes the ticket and sends it. It blocks up to the dial and write
// timeouts; call it from a goroutine, never from the UI thread.
func (p *Printer) Print(ctx context.Context, site string, t api.Ticket) error {
	return p.Send(ctx, Encode(FromTicket(site, t), p.paper))
}

// Send writes raw ESC/POS bytes to the printer.
func (p *Printer) Send(ctx context.Context, data []byte) error {
	var err error
	if p.tcp != "" {
		err = p.sendTCP(ctx, data)
	} else {
		err = p.sendDevice(ctx, data)
	}
	if err != nil {
		return fmt.Errorf("printer %s: %w", p.target, err)
	}
	return nil
}

func (p *Printer) sendTCP(ctx context.Context, data []byte) error {
	d := net.Dialer{Timeout: p.DialTimeout}
	c, err := d.DialContext(ctx, "tcp", p.tcp)
	if err != nil {
		return err
	}
	defer c.Close()
	deadline := time.Now().Add(p.WriteTimeout)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	if p.StatusTimeout > 0 {
		if err := paperStatus(c, p.StatusTimeout); err != nil {
			return err
		}
	}
	if err := c.SetWriteDeadline(deadline); err != nil {
		return err
	}
	_, err = c.Write(data)
	return err
}

// paperStatus asks for the paper sensor status (DLE EOT 4). Bits 5 and 6
// set mean the roll is empty. No answer within wait is not an error: many
// network printers ignore real-time requests.
func paperStatus(c net.Conn, wait time.Duration) error {
	if err := c.SetDeadline(time.Now().Add(wait)); err != nil {
		return err
	}
	if _, err := c.Write([]byte{0x10, 0x04, 4}); err != nil {
		return err
	}
	var b [1]byte
	n, err := c.Read(b[:])
	_ = c.SetDeadline(time.Time{})
	var ne net.Error
	switch {
	case n == 1 && b[0]&0x60 == 0x60:
		return ErrPaperOut
	case err != nil && errors.As(err, &ne) && ne.Timeout():
		return nil
	case err != nil && n == 0:
		return err
	}
	return nil
}

// sendDevice writes to a character device. A stuck USB printer can block a
// write forever, so the write runs aside and is abandoned (file closed) when
// the timeout or ctx ends first.
func (p *Printer) sendDevice(ctx context.Context, data []byte) error {
	f, err := os.OpenFile(p.device, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		_, err := f.Write(data)
		done <- err
	}()
	timer := time.NewTimer(p.WriteTimeout)
	defer timer.Stop()
	select {
	case err = <-done:
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		return err
	case <-timer.C:
		f.Close()
		return errors.New("printer tidak merespons (timeout)")
	case <-ctx.Done():
		f.Close()
		return ctx.Err()
	}
}
