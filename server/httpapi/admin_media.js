"use strict";
// The media panel section of /admin (slides of the hall displays). Uses
// $, api, table, button, show and token from admin.js, loaded before it.

async function slideImage(img, s) {
  // The picture needs the token, so it is fetched and shown as a blob.
  try {
    const res = await fetch("/v1/media/" + encodeURIComponent(s.id), { headers: { "Authorization": "Bearer " + token } });
    if (res.ok) img.src = URL.createObjectURL(await res.blob());
  } catch (e) { /* the row still lists the slide */ }
}

async function loadMedia() {
  try {
    const list = (await api("GET", "/v1/admin/media")).slides;
    const ids = list.map((s) => s.id);
    const move = (i, d) => async () => {
      const j = i + d;
      if (j < 0 || j >= ids.length) return;
      const order = ids.slice(); [order[i], order[j]] = [order[j], order[i]];
      try { await api("PUT", "/v1/admin/media/order", { ids: order }); loadMedia(); } catch (err) { show("mediaMsg", err.message); }
    };
    table("mediaTable", ["Urutan", "Gambar", "Judul", "Ukuran", "Durasi", "Zona", "Status", ""], list.map((s, i) => {
      const img = document.createElement("img"); img.className = "thumb"; img.alt = s.title || "slide";
      slideImage(img, s);
      const acts = document.createElement("span");
      acts.appendChild(button("▲", move(i, -1)));
      acts.appendChild(button("▼", move(i, 1)));
      acts.appendChild(button(s.enabled ? "Nonaktifkan" : "Aktifkan", async () => {
        try { await api("PATCH", "/v1/admin/media/" + encodeURIComponent(s.id), { enabled: !s.enabled }); loadMedia(); }
        catch (err) { show("mediaMsg", err.message); }
      }));
      acts.appendChild(button("Hapus", async () => {
        if (!confirm("Hapus slide \"" + (s.title || s.id) + "\" dari semua layar?")) return;
        try { await api("DELETE", "/v1/admin/media/" + encodeURIComponent(s.id)); show("mediaMsg", "Slide dihapus.", true); loadMedia(); }
        catch (err) { show("mediaMsg", err.message); }
      }));
      return [String(s.order), img, s.title || "–", s.width + "×" + s.height + " px, " + Math.ceil(s.bytes / 1024) + " KB",
        s.duration_s ? s.duration_s + " detik" : "bawaan layar", (s.zones || []).join(", ") || "semua",
        s.enabled ? "Aktif" : "Nonaktif", acts];
    }));
  } catch (err) { show("mediaMsg", err.message); }
}

$("mediaForm").onsubmit = async (e) => {
  e.preventDefault(); show("mediaMsg", "");
  const f = $("mediaFile").files[0];
  if (!f) { show("mediaMsg", "Pilih file gambar PNG atau JPEG."); return; }
  if (f.size > 5 * 1024 * 1024) { show("mediaMsg", "File lebih dari 5 MB. Perkecil gambarnya dulu."); return; }
  const fd = new FormData();
  fd.append("title", $("mediaTitle").value.trim());
  fd.append("duration_s", $("mediaDur").value.trim());
  fd.append("zones", $("mediaZones").value.trim());
  fd.append("file", f);
  let res;
  try { res = await fetch("/v1/admin/media", { method: "POST", headers: { "Authorization": "Bearer " + token }, body: fd }); }
  catch (err) { show("mediaMsg", "Server tidak dapat dihubungi. Periksa jaringan."); return; }
  if (!res.ok) {
    let p = {};
    try { p = await res.json(); } catch (err) {}
    const m = { invalid_input: "Gambar tidak diterima", too_large: "Gambar terlalu besar", forbidden: "Tidak berwenang", conflict: "Tidak bisa ditambah" };
    show("mediaMsg", (m[p.code] || ("Gagal (HTTP " + res.status + ")")) + (p.detail ? ": " + p.detail : ""));
    return;
  }
  show("mediaMsg", "Slide \"" + f.name + "\" diunggah; layar memuatnya dalam beberapa detik.", true);
  $("mediaForm").reset();
  loadMedia();
};

if (token) loadMedia();
