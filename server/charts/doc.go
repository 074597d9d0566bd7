// Package charts draws the admin page's report charts as self-contained
// SVG, in pure Go, so they work on a site without internet access and
// under a strict Content-Security-Policy.
//
// Four kinds, each a struct whose SVG method returns the document:
//   - Hourly: arrivals per hour today (bars) against the usual for this
//     weekday (a stepped line), with the current time marked.
//   - WaitHistogram: waiting times in bins, within/over the service-level
//     target in two colours, the target and the P90 marked.
//   - Trend: lines over dates (service level per service per day, IKM per
//     month) with optional shaded bands (IKMBands) and reference lines.
//   - HBars: horizontal bars per officer or counter, one panel per measure.
//
// What every chart guarantees:
//   - Deterministic: the same input gives byte-identical output (golden
//     files in testdata, refreshed with go test -update).
//   - Safe to inline: no <style>, no style= attributes, no scripts, no
//     external fonts or links; only SVG presentation attributes. Every
//     label is cleaned (invalid UTF-8 and control characters replaced)
//     and XML-escaped, so admin-typed names cannot break out.
//   - Accessible: role="img", an aria-label made of the title and a
//     one-sentence summary of the data (also in <desc>), and a <title>
//     tooltip on every bar, point and shortened label.
//   - Scalable: width/height are the caller's and the viewBox matches, so
//     CSS "width:100%;height:auto" keeps the proportions. A size too small
//     for the text gets a bigger viewBox and is shown scaled down.
//   - Readable: Indonesian numbers ("1.234", "87,5") and dates ("3 Des"),
//     1-2-5 axis ticks, big numbers shortened ("150 rb", "2,5 jt"), the
//     Okabe–Ito colour-blind-safe palette plus dash patterns and marker
//     shapes, text sized from DejaVu Sans metrics (the widest likely
//     font) so labels fit whatever sans-serif the browser picks.
//   - Never broken: no data (or only NaN) gives a titled "Belum ada data"
//     chart; NaN and ±Inf never reach the output; values beyond 1e15 are
//     clamped.
//   - Many series: a Trend draws at most MaxSeries (default 6) in colour
//     with a legend entry each, in the caller's order; the rest are thin
//     grey lines behind them with one legend entry "N lainnya" whose
//     tooltip names them. HBars draws at most MaxRows (default 30) rows
//     and says how many more there are. Legends wrap onto more rows.
package charts
