//go:build !unix

package serve

// umask is a no-op where there is none; the socket is chmod'ed after.
func umask(m int) int { return m }
