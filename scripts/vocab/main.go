// Command vocab prints speech.Vocabulary(), one word a line, for
// scripts/gen-voice.sh.
package main

import (
	"fmt"

	"antrean/shared/speech"
)

func main() {
	for _, w := range speech.Vocabulary() {
		fmt.Println(w)
	}
}
