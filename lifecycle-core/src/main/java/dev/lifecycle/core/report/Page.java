package dev.lifecycle.core.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The frame every data page shares: one inline style sheet, no scripts, no external assets. */
final class Page {
    static final String CSS = """
            body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
            header{background:#1d2a44;color:#fff;padding:22px 36px}
            header h1{margin:0 0 6px;font-size:24px;font-weight:600}
            header p{margin:0;color:#c4cce0;font-size:14px}
            main{padding:18px 36px 40px;max-width:1320px}
            section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:16px 22px;margin:16px 0}
            h2{font-size:18px;margin:0 0 4px}
            p.help{color:#5b6475;font-size:13px;margin:2px 0 12px;max-width:980px}
            table{border-collapse:collapse;font-size:13px}
            th,td{padding:5px 10px;border-bottom:1px solid #e6e8ee;text-align:right;vertical-align:middle}
            th{background:#f0f2f6;font-weight:600}
            td.l,th.l{text-align:left}
            .pass{color:#17803d;font-weight:600}.fail{color:#c62828;font-weight:600}.muted{color:#8a93a5}
            .banner{padding:12px 16px;border-radius:8px;font-size:16px;font-weight:600;margin-bottom:6px}
            .banner.pass{background:#e6f4ea}.banner.fail{background:#fdecea}
            .cards{display:flex;flex-wrap:wrap;gap:12px}
            .card{border:1px solid #e3e6ed;border-radius:8px;padding:10px 14px;min-width:140px}
            .card .v{font-size:22px;font-weight:600}.card .n{font-size:12px;color:#5b6475}
            .grid{display:flex;flex-wrap:wrap;gap:18px}
            .legend span{margin-right:14px;font-size:12px}
            """;

    private Page() {
    }

    static StringBuilder open(String title, String subtitle) {
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(Html.esc(title))
                .append("</title><style>").append(CSS).append("</style></head><body><header><h1>")
                .append(Html.esc(title)).append("</h1><p>").append(subtitle).append("</p></header><main>");
        return out;
    }

    static String close(StringBuilder out) {
        return out.append("</main></body></html>").toString();
    }

    static Path write(Path file, String html, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the " + what + " to " + file, e);
        }
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return a != 0 && (a >= 1e6 || a < 1e-3) ? String.format(Locale.ROOT, "%.3g", v)
                : String.format(Locale.ROOT, "%.4g", v);
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
    }
}
