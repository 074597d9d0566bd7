package main

import (
	"fyne.io/fyne/v2/app"
	_ "fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func main() { a := app.New(); w := a.NewWindow("x"); w.SetContent(widget.NewLabel("x")); _ = w }
