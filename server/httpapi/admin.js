"use strict";
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("antrean.admin.token") || "";

// api calls the server with the admin token; errors become Indonesian text.
async function api(method, path, body) {
  const opt = { method, headers: { "Authorization": "Bearer " + token } };
  if (body !== undefined) { opt.headers["Content-Type"] = "application/json"; opt.body = JSON.stringify(body); }
  let res;
  try { res = await fetch(path, opt); } catch (e) { throw new Error("Server tidak dapat dihubungi. Periksa jaringan."); }
  if (res.status === 401) { logout(); throw new Error("Sesi berakhir. Silakan masuk lagi."); }
  if (!res.ok) {
    let p = {};
    try { p = await res.json(); } catch (e) {}
    throw new Error(message(res.status, p));
  }
  if (res.status === 204) return null;
  const ct = res.headers.get("Content-Type") || "";
  if (ct.startsWith("image/svg+xml")) return res.text();
  return ct.startsWith("text/csv") ? res.blob() : res.json();
}

function message(status, p) {
  const m = { invalid_input: "Isian tidak valid", conflict: "Bentrok dengan data yang ada", not_found: "Tidak ditemukan",
    forbidden: "Tidak berwenang", invalid_state: "Keadaan tidak sesuai", unavailable: "Server sedang tidak tersedia" };
  return (m[p.code] || ("Gagal (HTTP " + status + ")")) + (p.detail ? ": " + p.detail : "");
}

function show(id, text, ok) { const e = $(id); e.textContent = text || ""; e.className = ok ? "ok" : "err"; }

function fmt(v, d) { return (v === null || v === undefined) ? "–" : Number(v).toFixed(d === undefined ? 1 : d).replace(".", ","); }

// table fills a table from a header and rows of cell values (text only).
function table(id, head, rows, totalRow) {
  const t = $(id); t.textContent = "";
  const tr = t.insertRow();
  head.forEach((h) => { const th = document.createElement("th"); th.textContent = h; tr.appendChild(th); });
  rows.forEach((r, i) => {
    const row = t.insertRow();
    if (totalRow && i === rows.length - 1) row.className = "total";
    r.forEach((c) => {
      const td = row.insertCell();
      if (c instanceof Node) { td.appendChild(c); return; }
      td.textContent = c;
      if (typeof c === "number" || /^[0-9.,–% ]+$/.test(String(c))) td.className = "n";
    });
  });
}

function button(text, fn) { const b = document.createElement("button"); b.type = "button"; b.textContent = text; b.onclick = fn; return b; }

function logout() {
  if (token) fetch("/v1/sessions/current", { method: "DELETE", headers: { "Authorization": "Bearer " + token } }).catch(() => {});
  token = ""; sessionStorage.removeItem("antrean.admin.token");
  $("app").classList.add("hidden"); $("login").classList.remove("hidden"); $("logout").classList.add("hidden"); $("who").textContent = "";
}

$("logout").onclick = logout;

$("loginForm").onsubmit = async (e) => {
  e.preventDefault();
  show("loginMsg", "");
  try {
    const res = await fetch("/v1/sessions", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: $("user").value.trim(), password: $("pass").value }) });
    const b = await res.json();
    if (!res.ok) throw new Error(res.status === 401 ? "Nama pengguna atau kata sandi salah." : message(res.status, b));
    if (b.user.role !== "admin") throw new Error("Akun ini bukan admin.");
    token = b.token; sessionStorage.setItem("antrean.admin.token", token);
    sessionStorage.setItem("antrean.admin.name", b.user.name);
    $("pass").value = "";
    start();
  } catch (err) { show("loginMsg", err.message); }
};

function today() { const d = new Date(); d.setMinutes(d.getMinutes() - d.getTimezoneOffset()); return d.toISOString().slice(0, 10); }

function rangeQuery() { return "from=" + $("from").value + "&to=" + $("to").value; }

// Each loader's newest call wins: the answer to an older range (a slow
// first load, say) never overwrites the one the admin asked for last.
const gens = {};
function newer(key) {
  const g = (gens[key] || 0) + 1;
  gens[key] = g;
  return () => gens[key] !== g;
}

async function loadToday() {
  show("todayMsg", "");
  try {
    const r = await api("GET", "/v1/reports/today");
    const c = $("todayCards"); c.textContent = "";
    [["Menunggu", r.waiting], ["Nomor diambil", r.issued], ["Selesai dilayani", r.served], ["Loket buka", r.open_counters]].forEach(([k, v]) => {
      const d = document.createElement("div"); d.className = "card"; const b = document.createElement("b"); b.textContent = v;
      d.appendChild(b); d.appendChild(document.createTextNode(k)); c.appendChild(d);
    });
    table("todayServices", ["Layanan", "Kode", "Menunggu", "Dilayani sekarang", "Diambil", "Selesai", "Tidak hadir", "Rata-rata tunggu (menit)"],
      r.services.filter((s) => s.issued > 0 || s.waiting > 0).map((s) => [s.service_name, s.prefix, s.waiting, s.in_service, s.issued, s.served, s.no_show, fmt(s.avg_wait_minutes)]));
    const st = { open: "Buka", "break": "Istirahat", closed: "Tutup" };
    table("todayCounters", ["Loket", "Status", "Nomor sekarang", "Selesai hari ini"],
      r.counters.map((x) => [x.name, st[x.status] || x.status, x.current || "–", x.served]));
  } catch (err) { show("todayMsg", err.message); }
}

async function loadReport() {
  const stale = newer("loadReport");
  show("repMsg", "");
  try {
    const q = rangeQuery() + "&group=" + $("group").value + "&target_minutes=" + $("target").value;
    const r = await api("GET", "/v1/reports/summary?" + q);
    if (stale()) return;
    const rows = r.rows.concat([r.total]).map((x) => [x.name || x.key, x.issued, x.transferred_in, x.served, x.no_show, x.cancelled, x.transferred, x.expired, x.open,
      fmt(x.avg_wait_minutes), fmt(x.p90_wait_minutes), fmt(x.avg_service_minutes), fmt(x.p90_service_minutes), x.service_level === null ? "–" : fmt(x.service_level) + " %"]);
    table("repTable", ["Nama", "Diambil", "Pindahan masuk", "Selesai", "Tidak hadir", "Batal", "Dipindah", "Kedaluwarsa", "Belum selesai",
      "Rata-rata tunggu", "P90 tunggu", "Rata-rata layanan", "P90 layanan", "Tingkat layanan"], rows, true);
  } catch (err) { show("repMsg", err.message); }
}

// download fetches a CSV with the token (never in the URL) and saves it.
async function download(path, name, msg) {
  show(msg, "");
  try {
    const blob = await api("GET", path);
    const a = document.createElement("a"); a.href = URL.createObjectURL(blob); a.download = name;
    document.body.appendChild(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  } catch (err) { show(msg, err.message); }
}

$("repCsv").onclick = () => download("/v1/reports/summary?" + rangeQuery() + "&group=" + $("group").value + "&target_minutes=" + $("target").value + "&format=csv",
  "laporan-" + $("group").value + "-" + $("from").value + "-" + $("to").value + ".csv", "repMsg");
$("ikmCsv").onclick = () => download("/v1/reports/ikm?" + rangeQuery() + "&group=" + $("ikmGroup").value + "&format=csv",
  "ikm-" + $("ikmGroup").value + "-" + $("from").value + "-" + $("to").value + ".csv", "ikmMsg");

async function loadIKM() {
  const stale = newer("loadIKM");
  show("ikmMsg", "");
  try {
    const r = await api("GET", "/v1/reports/ikm?" + rangeQuery() + "&group=" + $("ikmGroup").value + "&all=true");
    if (stale()) return;
    const head = ["Nama", "Responden"].concat(r.elements.map((_, i) => "U" + (i + 1)))
      .concat(["IKM", "Mutu", "Kinerja", "Dilayani", "Sampel minimal", "Sampel"]);
    const rows = r.rows.concat([r.total]).map((x) => [x.name || x.key, x.respondents].concat(x.elements.map((v) => x.respondents ? fmt(v, 2) : "–"))
      .concat([x.respondents ? fmt(x.ikm_rounded, 2) : "–", x.grade || "–", x.grade_label || "–", x.sample.population, x.sample.min_sample,
        x.sample.enough ? "Cukup" : "Kurang " + (x.sample.min_sample - x.respondents)]));
    table("ikmTable", head, rows, true);
    $("ikmLegend").textContent = r.elements.map((e, i) => "U" + (i + 1) + " " + e).join("; ") +
      ". Mutu: A 88,31–100 Sangat Baik; B 76,61–88,30 Baik; C 65,00–76,60 Kurang Baik; D 25,00–64,99 Tidak Baik." +
      " Sampel minimal: tabel Krejcie & Morgan (PermenPANRB 14/2017) untuk jumlah warga yang dilayani.";
    const q = { sex: "Jenis kelamin", age: "Umur", education: "Pendidikan", occupation: "Pekerjaan" };
    const prow = [];
    Object.keys(q).forEach((k) => {
      const list = r.profile[k] || [];
      const n = list.reduce((a, c) => a + c.n, 0);
      list.forEach((c, i) => prow.push([i === 0 ? q[k] : "", c.label, c.n, n ? fmt(100 * c.n / n) + " %" : "–"]));
    });
    table("profileTable", ["Pertanyaan", "Jawaban", "Responden", "%"], prow);
  } catch (err) { show("ikmMsg", err.message); }
  loadComments(0);
}

let commentOffset = 0;
const commentPage = 20;

async function loadComments(offset) {
  const stale = newer("loadComments");
  show("commentMsg", "");
  try {
    const r = await api("GET", "/v1/reports/comments?" + rangeQuery() + "&limit=" + commentPage + "&offset=" + offset);
    if (stale()) return;
    commentOffset = offset;
    $("commentCount").textContent = r.total ? "(" + (offset + 1) + "–" + (offset + r.comments.length) + " dari " + r.total + ")" : "(belum ada)";
    table("commentTable", ["Waktu", "Layanan", "Loket", "Petugas", "Nilai", "Komentar"], r.comments.map((c) =>
      [new Date(c.submitted_at).toLocaleString("id-ID"), c.service_name, c.counter_name || "–", c.officer_name || "–", fmt(c.ikm, 1), c.comment]));
    $("commentPrev").disabled = offset === 0;
    $("commentNext").disabled = offset + r.comments.length >= r.total;
  } catch (err) { show("commentMsg", err.message); }
}

$("commentPrev").onclick = () => loadComments(Math.max(0, commentOffset - commentPage));
$("commentNext").onclick = () => loadComments(commentOffset + commentPage);
$("commentCsv").onclick = () => download("/v1/reports/comments?" + rangeQuery() + "&limit=1000&format=csv",
  "saran-skm-" + $("from").value + "-" + $("to").value + ".csv", "commentMsg");
// The printable report opens in a window of its own (it reads the same
// session token); the browser's print dialog makes the A4 page or a PDF.
$("skmPrint").onclick = () => window.open("/admin/skm?" + rangeQuery(), "_blank");

// ── Charts: SVG from the server, put into the page as SVG elements ──────
const charts = [
  ["chartArrivals", () => "/v1/charts/arrivals.svg?day=" + $("to").value],
  ["chartWaits", () => "/v1/charts/waits.svg?" + rangeQuery() + "&target_minutes=" + $("target").value],
  ["chartServiceLevel", () => "/v1/charts/service-level.svg?" + rangeQuery() + "&target_minutes=" + $("target").value],
  ["chartIKM", () => "/v1/charts/ikm.svg?" + rangeQuery()],
  ["chartStaff", () => "/v1/charts/staff.svg?" + rangeQuery() + "&target_minutes=" + $("target").value + "&w=1100"],
];

async function loadCharts() {
  const stale = newer("loadCharts");
  show("chartsMsg", "");
  await Promise.all(charts.map(async ([id, path]) => {
    const box = $(id);
    box.setAttribute("aria-busy", "true");
    try {
      const text = await api("GET", path());
      if (stale()) return; // the newer load sets this chart and aria-busy
      const doc = new DOMParser().parseFromString(text, "image/svg+xml");
      const svg = doc.documentElement;
      if (svg.nodeName !== "svg") throw new Error("Grafik tidak dapat dibaca.");
      box.replaceChildren(document.importNode(svg, true));
    } catch (err) { show("chartsMsg", err.message); }
    box.setAttribute("aria-busy", "false");
  }));
}

// ── Staff performance ────────────────────────────────────────────────────
function staffQuery() {
  return rangeQuery() + "&group=" + $("staffGroup").value + "&period=" + $("staffPeriod").value + "&target_minutes=" + $("target").value;
}

function minutes(v) {
  if (v === null || v === undefined) return "–";
  const m = Math.floor(v);
  return m < 60 ? m + " mnt" : Math.floor(m / 60) + " j " + String(m % 60).padStart(2, "0") + " mnt";
}

async function loadStaff() {
  const stale = newer("loadStaff");
  show("staffMsg", "");
  try {
    const r = await api("GET", "/v1/reports/staff?" + staffQuery());
    if (stale()) return;
    const per = r.period !== "range";
    const head = (per ? ["Periode"] : []).concat([r.group === "counter" ? "Loket" : "Petugas", "Dilayani", "Tidak hadir", "Rata-rata layanan",
      "P90 layanan", "Dalam target", "Masuk", "Istirahat", "Menganggur", "Panggil ulang/nomor", "IKM (responden)"]);
    table("staffTable", head, r.rows.map((x) => (per ? [x.period] : []).concat([x.name || x.key, x.served, x.no_show,
      fmt(x.avg_service_minutes), fmt(x.p90_service_minutes), x.service_level === null ? "–" : fmt(x.service_level) + " %",
      minutes(x.logged_in_minutes), minutes(x.break_minutes), minutes(x.idle_minutes), fmt(x.recalls_per_ticket, 2),
      x.ikm === null ? "–" : fmt(x.ikm, 2) + " " + x.grade + " (" + x.respondents + ")"])));
  } catch (err) { show("staffMsg", err.message); }
}

$("staffForm").onsubmit = (e) => { e.preventDefault(); loadStaff(); };
$("staffCsv").onclick = () => download("/v1/reports/staff?" + staffQuery() + "&format=csv",
  "kinerja-" + $("staffGroup").value + "-" + $("staffPeriod").value + "-" + $("from").value + "-" + $("to").value + ".csv", "staffMsg");

// ── Service calendar ─────────────────────────────────────────────────────
const kinds = { national: "Libur Nasional", cuti_bersama: "Cuti Bersama", local: "Tutup (lokal)", special: "Jam khusus" };
let scopeNames = {};

async function loadScopes() {
  const [agencies, services] = await Promise.all([api("GET", "/v1/admin/agencies"), api("GET", "/v1/admin/services")]);
  const sel = $("holScope");
  sel.replaceChildren(new Option("Seluruh MPP", ""));
  scopeNames = {};
  agencies.forEach((a) => { sel.add(new Option("Instansi: " + (a.short || a.name), "a:" + a.id)); scopeNames["a:" + a.id] = a.short || a.name; });
  services.forEach((s) => { sel.add(new Option("Layanan: " + s.name, "s:" + s.id)); scopeNames["s:" + s.id] = s.name; });
}

function scopeText(h) {
  const parts = (h.agency_ids || []).map((id) => scopeNames["a:" + id] || id).concat((h.service_ids || []).map((id) => scopeNames["s:" + id] || id));
  return parts.length ? parts.join(", ") : "Seluruh MPP";
}

function hoursText(h) {
  if (h.daily) return h.daily.open + "–" + h.daily.close;
  if (h.hours && h.hours.length) return h.hours.map((d) => ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"][d.weekday] + " " + d.open + "–" + d.close).join(", ");
  return "tutup";
}

async function loadHolidays() {
  try {
    if (!Object.keys(scopeNames).length) await loadScopes();
    const hs = await api("GET", "/v1/admin/holidays");
    table("holTable", ["Tanggal", "Sampai", "Nama", "Jenis", "Berlaku untuk", "Jam", "Kuota", ""], hs.map((h) => [h.date, h.until || "–", h.name,
      kinds[h.kind] || h.kind, scopeText(h), hoursText(h), h.quota || "–",
      button("Hapus", async () => {
        if (!confirm("Hapus \"" + h.name + "\" (" + h.date + ") dari kalender?")) return;
        try { await api("DELETE", "/v1/admin/holidays/" + encodeURIComponent(h.id)); show("holMsg", "\"" + h.name + "\" dihapus.", true); loadHolidays(); }
        catch (err) { show("holMsg", err.message); }
      })]));
  } catch (err) { show("holMsg", err.message); }
}

$("holKind").onchange = () => $("holSpecial").classList.toggle("hidden", $("holKind").value !== "special");
$("holForm").onsubmit = async (e) => {
  e.preventDefault(); show("holMsg", "");
  const h = { date: $("holDate").value, until: $("holUntil").value, name: $("holName").value.trim(), kind: $("holKind").value };
  const scope = $("holScope").value;
  if (scope.startsWith("a:")) h.agency_ids = [scope.slice(2)];
  if (scope.startsWith("s:")) h.service_ids = [scope.slice(2)];
  if (h.kind === "special") {
    h.daily = { weekday: 0, open: $("holOpen").value, close: $("holClose").value };
    h.quota = parseInt($("holQuota").value, 10) || 0;
  }
  try {
    const got = await api("POST", "/v1/admin/holidays", h);
    show("holMsg", "\"" + got.name + "\" ditambahkan (" + got.date + ").", true);
    $("holName").value = "";
    loadHolidays();
  } catch (err) { show("holMsg", err.message); }
};

// ── Running text (announcements) ─────────────────────────────────────────
function annWhen(a) {
  const d = a.from || a.until ? (a.from || "…") + " s.d. " + (a.until || "…") : "setiap hari";
  return a.start ? d + ", " + a.start + "–" + a.end : d;
}

function annFill(a) {
  $("annId").value = a ? a.id : "";
  $("annText").value = a ? a.text : ""; $("annTextEN").value = a ? a.text_en || "" : "";
  $("annFrom").value = a ? a.from || "" : ""; $("annUntil").value = a ? a.until || "" : "";
  $("annStart").value = a ? a.start || "" : ""; $("annEnd").value = a ? (a.end === "24:00" ? "00:00" : a.end || "") : "";
  $("annZones").value = a ? (a.zones || []).join(", ") : "";
  $("annEnabled").checked = a ? a.enabled : true;
  $("annSubmit").textContent = a ? "Simpan" : "Tambah";
  $("annCancel").classList.toggle("hidden", !a);
}

async function loadAnnouncements() {
  try {
    const as = await api("GET", "/v1/admin/announcements");
    table("annTable", ["Teks", "Berlaku", "Zona", "Status", "", "", ""], as.map((a) => [a.text + (a.text_en ? " / " + a.text_en : ""),
      annWhen(a), (a.zones || []).join(", ") || "semua",
      (a.enabled ? "Tampil" : "Tidak tampil") + (/^site-[0-9]+$/.test(a.id) ? " (berkas situs)" : ""),
      button("Ubah", () => { annFill(a); show("annMsg", ""); $("annText").focus(); }),
      button(a.enabled ? "Sembunyikan" : "Tampilkan", async () => {
        try { await api("PATCH", "/v1/admin/announcements/" + encodeURIComponent(a.id), { enabled: !a.enabled });
          show("annMsg", "Pengumuman " + (a.enabled ? "disembunyikan." : "ditampilkan."), true); loadAnnouncements(); }
        catch (err) { show("annMsg", err.message); }
      }),
      button("Hapus", async () => {
        if (!confirm("Hapus pengumuman \"" + a.text + "\"?")) return;
        try { await api("DELETE", "/v1/admin/announcements/" + encodeURIComponent(a.id)); show("annMsg", "Pengumuman dihapus.", true); loadAnnouncements(); }
        catch (err) { show("annMsg", err.message); }
      })]));
  } catch (err) { show("annMsg", err.message); }
}

$("annCancel").onclick = () => { annFill(null); show("annMsg", ""); };
$("annForm").onsubmit = async (e) => {
  e.preventDefault(); show("annMsg", "");
  const a = { text: $("annText").value.trim(), text_en: $("annTextEN").value.trim(), from: $("annFrom").value, until: $("annUntil").value,
    start: $("annStart").value, end: $("annEnd").value, enabled: $("annEnabled").checked,
    zones: $("annZones").value.split(",").map((z) => z.trim()).filter((z) => z) };
  if (a.start && a.end === "00:00") a.end = "24:00"; // until midnight
  const id = $("annId").value;
  try {
    if (id) {
      const cur = await api("GET", "/v1/admin/announcements/" + encodeURIComponent(id));
      a.order = cur.order;
      await api("PUT", "/v1/admin/announcements/" + encodeURIComponent(id), a);
      show("annMsg", "Pengumuman disimpan; layar menampilkannya dalam beberapa detik.", true);
    } else {
      await api("POST", "/v1/admin/announcements", a);
      show("annMsg", "Pengumuman ditambahkan; layar menampilkannya dalam beberapa detik.", true);
    }
    annFill(null);
    loadAnnouncements();
  } catch (err) { show("annMsg", err.message); }
};

async function loadDevices() {
  try {
    const ds = await api("GET", "/v1/admin/devices");
    table("devTable", ["Nama", "Jenis", "Zona", "Status", ""], ds.map((d) => [d.name, d.role === "kiosk" ? "Kiosk" : "Layar", d.zone || "semua",
      d.revoked ? "Dicabut " + new Date(d.revoked_at).toLocaleString("id-ID") : "Aktif",
      d.revoked ? "" : button("Cabut", async () => {
        if (!confirm("Cabut token perangkat \"" + d.name + "\"? Perangkat itu langsung ditolak.")) return;
        try { await api("DELETE", "/v1/admin/devices/" + encodeURIComponent(d.id)); show("devMsg", "Token \"" + d.name + "\" dicabut.", true); loadDevices(); }
        catch (err) { show("devMsg", err.message); }
      })]));
  } catch (err) { show("devMsg", err.message); }
}

$("devForm").onsubmit = async (e) => {
  e.preventDefault(); show("devMsg", ""); $("devToken").classList.add("hidden");
  try {
    const d = await api("POST", "/v1/admin/devices", { name: $("devName").value.trim(), role: $("devRole").value, zone: $("devZone").value.trim() });
    $("devTokenText").textContent = d.token; $("devToken").classList.remove("hidden"); $("devName").value = "";
    loadDevices();
  } catch (err) { show("devMsg", err.message); }
};

async function loadUsers() {
  try {
    const us = await api("GET", "/v1/admin/users");
    table("userTable", ["Nama", "Pengguna", "Peran", "Loket", "Status", ""], us.map((u) => [u.name, u.username, u.role === "admin" ? "Admin" : "Petugas",
      (u.counter_ids || []).join(", ") || "–", u.active ? "Aktif" : "Nonaktif",
      button("Atur ulang kata sandi", async () => {
        const pw = prompt("Kata sandi baru untuk " + u.username + " (minimal 8 karakter):");
        if (pw === null) return;
        try { await api("POST", "/v1/admin/users/" + encodeURIComponent(u.id) + "/password", { password: pw });
          show("userMsg", "Kata sandi " + u.username + " diganti; sesi lamanya berakhir.", true); }
        catch (err) { show("userMsg", err.message); }
      })]));
  } catch (err) { show("userMsg", err.message); }
}

$("todayRefresh").onclick = loadToday;
// One date range for every section below it.
$("repForm").onsubmit = (e) => { e.preventDefault(); loadReport(); loadCharts(); loadStaff(); loadIKM(); };
$("chartsRefresh").onclick = loadCharts;
$("ikmForm").onsubmit = (e) => { e.preventDefault(); loadIKM(); };

function start() {
  $("login").classList.add("hidden"); $("app").classList.remove("hidden"); $("logout").classList.remove("hidden");
  $("who").textContent = sessionStorage.getItem("antrean.admin.name") || "";
  if (!$("from").value) { $("from").value = today(); $("to").value = today(); }
  loadToday(); loadReport(); loadCharts(); loadStaff(); loadIKM(); loadHolidays(); loadAnnouncements(); loadDevices(); loadUsers(); loadBookings();
  if (typeof loadMedia === "function") loadMedia(); // admin_media.js
}

if (token) start();

// ── Online booking: the report, and a citizen's own data ───────────────────
async function loadBookings() {
  const stale = newer("loadBookings");
  show("bookMsg", "");
  try {
    const r = await api("GET", "/v1/reports/bookings?" + rangeQuery());
    if (stale()) return;
    const pct = (v) => v === null ? "–" : fmt(v * 100) + " %";
    const rows = r.rows.concat([r.total]).map((x) => [x.name || x.key, x.booked, x.cancelled, x.checked_in, x.late, x.no_show, x.pending,
      pct(x.on_time_share), fmt(x.avg_wait_booked_minutes), fmt(x.avg_wait_walk_in_minutes), x.booked_tickets, x.walk_ins_issued]);
    table("bookTable", ["Layanan", "Booking", "Batal", "Check-in", "Terlambat", "Tidak hadir", "Belum datang", "Tepat waktu",
      "Tunggu booking", "Tunggu langsung", "Nomor booking", "Nomor langsung"], rows, true);
  } catch (err) { show("bookMsg", err.message); }
}
$("bookForm").onsubmit = (e) => { e.preventDefault(); loadBookings(); };
$("bookCsv").onclick = () => download("/v1/reports/bookings?" + rangeQuery() + "&format=csv",
  "booking-" + $("from").value + "-" + $("to").value + ".csv", "bookMsg");
$("exportForm").onsubmit = async (e) => {
  e.preventDefault();
  show("exportMsg", "");
  try {
    const r = await api("GET", "/v1/admin/bookings/export?phone=" + encodeURIComponent($("exportPhone").value.trim()));
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([JSON.stringify(r, null, 2)], { type: "application/json" }));
    a.download = "data-booking-" + r.phone.replace(/[^0-9]/g, "") + ".json";
    document.body.appendChild(a); a.click(); a.remove(); setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    show("exportMsg", r.bookings.length + " booking diunduh.", true);
  } catch (err) { show("exportMsg", err.message); }
};
