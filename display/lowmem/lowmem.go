// Package lowmem trims what a hall display PC spends on memory, measured
// by the display soak at 3840×2160 (issue 12: RSS ≤ 200 MB).
package lowmem

/*
#include <malloc.h>
*/
import "C"

import (
	"context"
	"runtime/debug"
	"time"

	"github.com/go-gl/glfw/v3.3/glfw"
)

// NoDepthBuffer asks for a window without depth and stencil buffers:
// Fyne draws in 2D with the depth test off and never reads them, yet a
// software renderer keeps a 4-byte-per-pixel buffer for them (33 MB at
// 4K). Call it after the app made its first window (GLFW is initialised
// then) and before the window is shown (GLFW reads hints at creation),
// on the main goroutine.
func NoDepthBuffer() {
	glfw.WindowHint(glfw.DepthBits, 0)
	glfw.WindowHint(glfw.StencilBits, 0)
}

// Limit bounds what the display holds on to. The C heap that Mesa's
// software renderer and Fyne's texture uploads use gets two arenas instead
// of one per core, and blocks of 64 KB or more (the texture of a text on a
// 4K screen) in their own mappings, returned to the system when freed
// instead of left in the heap. Go's heap (~9 MB live) is held near goMB:
// every new text is rasterized into a Go image first, megabytes each at
// 4K, and without a limit that garbage stays mapped between collections.
func Limit(goMB int64) {
	C.mallopt(C.M_ARENA_MAX, 2)
	C.mallopt(C.M_MMAP_THRESHOLD, 64*1024)
	debug.SetMemoryLimit(goMB << 20)
}

// Release gives memory back to the system: the Go heap's free pages and
// the C heap's free top (text textures of numbers no longer on screen are
// freed by Fyne after its cache time, but their pages stay mapped until
// released).
func Release() {
	debug.FreeOSMemory()
	C.malloc_trim(0)
}

// Janitor calls Release every period until ctx is done: a full GC of a
// ~10 MB heap costs a few milliseconds.
func Janitor(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			Release()
		}
	}
}
