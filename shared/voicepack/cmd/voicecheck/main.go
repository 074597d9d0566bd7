// Command voicecheck checks a hall-display voice pack against every word a
// call can need and prints a table: which words the pack says, which are
// missing (the built-in voice says them), and clips that are silent, too
// short, too long or unreadable, with each clip's length and loudness.
//
//	go run ./shared/voicepack/cmd/voicecheck [--allow-missing] [--template T] PACK
//	go run ./shared/voicepack/cmd/voicecheck --words [--template T]
//
// PACK is a folder, .zip or .tar.gz of <word>.wav files, or "builtin".
// Exit status: 0 the pack is fine, 1 it has problems, 2 it cannot be read.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"antrean/shared/voicepack"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("voicecheck", flag.ContinueOnError)
	fl.SetOutput(stderr)
	allowMissing := fl.Bool("allow-missing", false, "accept missing words (the built-in voice says them; English calls skip the repeat)")
	template := fl.String("template", os.Getenv("ANTREAN_VOICE_TEMPLATE"), "Indonesian call template, as the display's --voice-template (env ANTREAN_VOICE_TEMPLATE; default the built-in one)")
	enTemplate := fl.String("english-template", "", "English call template (default \""+voicepack.DefaultEnglishTemplate+"\")")
	words := fl.Bool("words", false, "print the file names a pack needs (Indonesian, then en/…), one a line, and exit")
	fl.Usage = func() {
		fmt.Fprintf(fl.Output(), "usage: voicecheck [flags] PACK   (a folder, .zip or .tar.gz of <word>.wav clips, or \"builtin\")\n       voicecheck --words\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if *words {
		for _, w := range voicepack.VocabularyFor(*template) {
			fmt.Fprintln(stdout, w+".wav")
		}
		for _, w := range voicepack.EnglishVocabularyFor(*enTemplate) {
			fmt.Fprintln(stdout, "en/"+w+".wav")
		}
		return 0
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	var pack *voicepack.Pack
	if strings.EqualFold(fl.Arg(0), "builtin") {
		pack = voicepack.Builtin()
	} else {
		var err error
		if pack, err = voicepack.Load(fl.Arg(0)); err != nil {
			fmt.Fprintln(stderr, "voicecheck:", err)
			return 2
		}
	}
	rep := voicepack.Check(pack, voicepack.CheckOptions{Template: *template, EnglishTemplate: *enTemplate})
	if err := rep.WriteText(stdout, *allowMissing); err != nil {
		fmt.Fprintln(stderr, "voicecheck:", err)
		return 2
	}
	if rep.Failed(*allowMissing) {
		return 1
	}
	return 0
}
