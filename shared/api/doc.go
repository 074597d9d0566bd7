// Package api holds the wire types and error codes of the Antrean HTTP API v1.
package api
