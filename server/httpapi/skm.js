"use strict";
// The printable SKM report of a period (/admin/skm?from=&to=): the admin
// page opens it in its own window with the same session token. Every
// figure comes from the server's reports; this script only lays them out.
const $ = (id) => document.getElementById(id);
const token = sessionStorage.getItem("antrean.admin.token") || "";
const params = new URLSearchParams(location.search);

function fail(text) { $("msg").textContent = text; }

async function get(path) {
  const res = await fetch(path, { headers: { "Authorization": "Bearer " + token } });
  if (res.status === 401) throw new Error("Sesi berakhir. Masuk lagi di halaman admin, lalu buka laporan ini dari sana.");
  if (!res.ok) {
    let p = {};
    try { p = await res.json(); } catch (e) { /* no body */ }
    throw new Error("Laporan tidak dapat dimuat" + (p.detail ? ": " + p.detail : " (HTTP " + res.status + ")"));
  }
  return res.json();
}

function num(v, d) { return (v === null || v === undefined) ? "–" : Number(v).toLocaleString("id-ID", { minimumFractionDigits: d, maximumFractionDigits: d }); }

function longDate(s) {
  const [y, m, d] = s.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString("id-ID", { day: "numeric", month: "long", year: "numeric" });
}

// grade bands an IKM-scale value (25–100) as PermenPANRB 14/2017, on
// the value rounded half-up to 2 decimals (as the server grades the IKM).
function grade(v) {
  const h = Math.floor(v * 100 + 0.5 + 1e-9);
  if (h >= 8831) return ["A", "Sangat Baik"];
  if (h >= 7661) return ["B", "Baik"];
  if (h >= 6500) return ["C", "Kurang Baik"];
  return ["D", "Tidak Baik"];
}

function fill(id, head, rows, numeric) {
  const t = $(id);
  t.textContent = "";
  const hr = t.insertRow();
  head.forEach((h, i) => { const th = document.createElement("th"); th.textContent = h; if (numeric && numeric[i]) th.className = "n"; hr.appendChild(th); });
  rows.forEach((r) => {
    const tr = t.insertRow();
    r.forEach((c, i) => { const td = tr.insertCell(); td.textContent = c; if (numeric && numeric[i]) td.className = "n"; });
  });
}

async function load() {
  if (!token) { fail("Belum masuk. Buka laporan ini dari halaman admin."); return; }
  const from = params.get("from"), to = params.get("to");
  const q = "from=" + encodeURIComponent(from || "") + "&to=" + encodeURIComponent(to || "");
  const [site, services, comments, cal] = await Promise.all([
    get("/v1/reports/ikm?" + q + "&group=site"),
    get("/v1/reports/ikm?" + q + "&group=service&all=true"),
    get("/v1/reports/comments?" + q + "&limit=50"),
    get("/v1/calendar"),
  ]);
  const t = site.total;
  $("site").textContent = cal.site;
  $("period").textContent = "Periode: " + (site.from === site.to ? longDate(site.from) : longDate(site.from) + " s.d. " + longDate(site.to));
  document.title = "Laporan SKM " + cal.site + " " + site.from + " s.d. " + site.to;
  $("population").textContent = num(t.sample.population, 0) + " orang";
  $("minSample").textContent = num(t.sample.min_sample, 0) + " responden";
  $("respondents").textContent = num(t.respondents, 0) + " responden";
  $("enough").textContent = t.sample.enough ? "Memenuhi sampel minimal" :
    "Belum memenuhi: kurang " + num(t.sample.min_sample - t.respondents, 0) + " responden";
  const has = t.respondents > 0;
  fill("elements", ["No.", "Unsur pelayanan", "NRR", "NRR tertimbang", "Nilai konversi", "Mutu"],
    site.elements.map((e, i) => {
      const v = t.elements[i];
      return [String(i + 1), e, has ? num(v, 2) : "–", has ? num(v / 9, 3) : "–", has ? num(v * 25, 2) : "–", has ? grade(v * 25).join(" — ") : "–"];
    }), [true, false, true, true, true, false]);
  $("ikm").textContent = has ? num(t.ikm_rounded, 2) : "– (belum ada responden)";
  $("grade").textContent = t.grade || "–";
  $("label").textContent = t.grade_label || "–";
  fill("services", ["Layanan", "Responden", "Dilayani", "Sampel minimal", "IKM", "Mutu"],
    services.rows.map((r) => [r.name, num(r.respondents, 0), num(r.sample.population, 0), num(r.sample.min_sample, 0),
      r.respondents ? num(r.ikm_rounded, 2) : "–", r.grade ? r.grade + " — " + r.grade_label : "–"]),
    [false, true, true, true, true, false]);
  const prof = $("profile");
  prof.textContent = "";
  [["sex", "Jenis kelamin"], ["age", "Umur"], ["education", "Pendidikan"], ["occupation", "Pekerjaan"]].forEach(([k, title]) => {
    const list = site.profile[k] || [];
    const n = list.reduce((a, c) => a + c.n, 0);
    const tbl = document.createElement("table");
    tbl.id = "profile-" + k;
    prof.appendChild(tbl);
    fill(tbl.id, [title, "Jumlah", "%"], list.map((c) => [c.label, num(c.n, 0), n ? num(100 * c.n / n, 1) : "–"]), [false, true, true]);
  });
  const ol = $("comments");
  ol.textContent = "";
  comments.comments.forEach((c) => {
    const li = document.createElement("li");
    li.textContent = "“" + c.comment + "” — " + c.service_name + ", " + longDate(c.day);
    ol.appendChild(li);
  });
  $("noComments").classList.toggle("hidden", comments.comments.length > 0);
  if (comments.total > comments.comments.length) {
    const li = document.createElement("li");
    li.textContent = "… dan " + (comments.total - comments.comments.length) + " saran lain (lihat halaman admin).";
    ol.appendChild(li);
  }
  const low = site.elements.map((e, i) => [e, t.elements[i]]).sort((a, b) => a[1] - b[1]).slice(0, 3);
  fill("followUp", ["Unsur", "NRR", "Rencana tindak lanjut", "Penanggung jawab", "Waktu"],
    has ? low.map(([e, v]) => [e, num(v, 2), "", "", ""]) : [], [false, true, false, false, false]);
  $("signPlace").textContent = (cal.site.replace(/^Mal Pelayanan Publik\s*/i, "").replace(/^Kota\s+|^Kabupaten\s+/i, "") || "") +
    ", " + new Date().toLocaleDateString("id-ID", { day: "numeric", month: "long", year: "numeric" });
  $("report").classList.remove("hidden");
  document.body.setAttribute("data-ready", "1");
}

$("print").onclick = () => window.print();
load().catch((err) => fail(err.message));
