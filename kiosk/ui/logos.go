package ui

import (
	"fyne.io/fyne/v2"

	"antrean/shared/api"
)

// logo is the agency's logo when the kiosk has it (nil: initials).
func (k *Kiosk) logo(a api.Agency) fyne.Resource {
	if a.Logo == "" {
		return nil
	}
	return k.logos[a.ID]
}
