package dev.tributary.jobs.bronze;

import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.ParsingOptions;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of hostile JSON-lines input for the intake fuzz tests. Records carry planted PII (unique
 * e-mails, phone numbers, Luhn-valid card numbers) in PII columns and in undeclared fields, embed real-world
 * JSON values from the JSONTestSuite corpus ({@code src/test/resources/fuzz}), and are then mutated:
 * truncations, byte flips, inserted and deleted bytes, huge PII values, depth bombs, invalid UTF-8, escaped
 * and re-cased keys, two values per line, trailing garbage, BOMs, UTF-16, single quotes, CRLF.
 *
 * <p>Each line knows what the intake must do with it when that is certain ({@link Fate}); lines whose fate
 * depends on where a random flip fell are {@link Fate#EITHER} and only accounted for.
 */
final class IntakeFuzzer {
    static final RecordSchema SCHEMA = RecordSchema.of("fuzz",
            Field.required("id", FieldType.STRING),
            Field.required("ts", FieldType.TIMESTAMP),
            Field.decimal("amount", true, 12, 2),
            Field.optional("email", FieldType.STRING),
            Field.optional("phone", FieldType.STRING),
            Field.optional("card", FieldType.STRING),
            Field.optional("note", FieldType.STRING),
            Field.optional("n", FieldType.LONG));
    static final DatasetDef DATASET = DatasetDef.builder(SCHEMA)
            .eventTime("ts", Duration.ofSeconds(5))
            .dedupe(List.of("id"), Duration.ofHours(1))
            .pii(PiiPolicy.builder().hash("email").mask("phone", 4).mask("card", 4).build())
            .parsing(ParsingOptions.builder().undeclaredFields(ParsingOptions.UndeclaredFields.KEEP).build())
            .build();

    enum Fate { LAND, QUARANTINE, EITHER }

    /** One generated line (without its newline), its expected fate and the record id it was built with. */
    static final class Line {
        final byte[] bytes;
        final Fate fate;
        final String id;
        final String mutation;

        Line(byte[] bytes, Fate fate, String id, String mutation) {
            this.bytes = bytes;
            this.fate = fate;
            this.id = id;
            this.mutation = mutation;
        }
    }

    private final SplittableRandom rnd;
    private final long seed;
    private final List<byte[]> valid = new ArrayList<>();
    private final List<byte[]> invalid = new ArrayList<>();
    final List<String> planted = new ArrayList<>();

    IntakeFuzzer(long seed) {
        this.seed = seed;
        this.rnd = new SplittableRandom(seed);
        loadCorpus();
    }

    private void loadCorpus() {
        try (InputStream in = IntakeFuzzer.class.getResourceAsStream("/fuzz/jsontestsuite-parsing.b64")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t");
                byte[] bytes = Base64.getDecoder().decode(parts.length > 1 ? parts[1] : "");
                if (parts[0].startsWith("y_") && !containsNewline(bytes)) {
                    valid.add(bytes);
                } else if (parts[0].startsWith("n_")) {
                    invalid.add(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} lines; the first may start with a BOM, some lines are blank (not records). */
    List<Line> lines(int n) {
        List<Line> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(line(i));
        }
        return out;
    }

    /** The file: lines joined by LF (CRLF for some), with a BOM at the start for odd seeds. */
    static byte[] file(List<Line> lines, boolean bom) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (bom) {
            b.write(0xEF);
            b.write(0xBB);
            b.write(0xBF);
        }
        for (Line l : lines) {
            b.writeBytes(l.bytes);
            b.write('\n');
        }
        return b.toByteArray();
    }

    private Line line(int i) {
        String id = "r" + seed + "-" + i;
        int kind = rnd.nextInt(100);
        if (kind < 3) {
            return new Line(rnd.nextBoolean() ? new byte[0] : " \t \r".getBytes(StandardCharsets.UTF_8), Fate.EITHER, id, "blank");
        }
        if (kind < 8) {
            return new Line(sanitize(invalid.get(rnd.nextInt(invalid.size()))), Fate.EITHER, id, "corpus-invalid");
        }
        byte[] record = utf8(record(id, rnd.nextInt(12) == 0));
        if (kind < 45) {
            return new Line(rnd.nextInt(6) == 0 ? crlf(record) : record, Fate.LAND, id, "none");
        }
        return mutate(record, id);
    }

    private Line mutate(byte[] r, String id) {
        int m = rnd.nextInt(13);
        switch (m) {
            case 0:
                return new Line(slice(r, 0, 1 + rnd.nextInt(r.length - 1)), Fate.QUARANTINE, id, "truncated");
            case 1: {
                byte[] b = r.clone();
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                return new Line(sanitize(b), Fate.EITHER, id, "byte-flips");
            }
            case 2: {
                int at = rnd.nextInt(r.length);
                byte[] junk = new byte[1 + rnd.nextInt(8)];
                for (int k = 0; k < junk.length; k++) {
                    junk[k] = (byte) rnd.nextInt(256);
                }
                return new Line(sanitize(concat(slice(r, 0, at), junk, slice(r, at, r.length))), Fate.EITHER, id, "inserted-bytes");
            }
            case 3: {
                int from = rnd.nextInt(r.length);
                int to = Math.min(r.length, from + 1 + rnd.nextInt(20));
                return new Line(concat(slice(r, 0, from), slice(r, to, r.length)), Fate.EITHER, id, "deleted-bytes");
            }
            case 4: {
                int depth = 1_001 + rnd.nextInt(20_000);
                String bomb = ",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
                return new Line(concat(slice(r, 0, r.length - 1), utf8(bomb)), Fate.QUARANTINE, id, "depth-bomb");
            }
            case 5: {
                byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF},
                        {(byte) 0xE2, (byte) 0x82}};
                int at = indexOf(r, "\"note\":\"") + 8;
                return new Line(concat(slice(r, 0, at), bad[rnd.nextInt(bad.length)], slice(r, at, r.length)), Fate.QUARANTINE, id,
                        "invalid-utf8");
            }
            case 6:
                return new Line(concat(r, rnd.nextBoolean() ? new byte[0] : utf8(" "), utf8(record(id + "b", false))), Fate.QUARANTINE, id,
                        "two-values");
            case 7:
                return new Line(concat(r, utf8(rnd.nextBoolean() ? " garbage" : ",")), Fate.QUARANTINE, id, "trailing");
            case 8:
                return new Line(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, r), Fate.QUARANTINE, id, "bom-mid-file");
            case 9:
                return new Line(sanitize(new String(r, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE)), Fate.QUARANTINE, id,
                        "utf-16");
            case 10:
                return new Line(new String(r, StandardCharsets.UTF_8).replace('"', '\'').getBytes(StandardCharsets.UTF_8), Fate.QUARANTINE,
                        id, "single-quotes");
            case 11: {
                String plain = record(id, false);
                String dup = plain.startsWith("{\"id\":") ? "{\"id\":\"dup\"," + plain.substring(1) : plain;
                return new Line(utf8(dup), dup.equals(plain) ? Fate.LAND : Fate.QUARANTINE, id, "duplicate-key");
            }
            default: {
                String plain = record(id, false);
                String scaled = plain.replaceFirst("\"amount\":\"?[0-9.]+\"?", "\"amount\":0.005");
                return new Line(utf8(scaled), scaled.equals(plain) ? Fate.LAND : Fate.QUARANTINE, id, "excess-scale");
            }
        }
    }

    /** A valid record with planted PII; keys sometimes escaped or re-cased, values sometimes huge. */
    private String record(String id, boolean huge) {
        String email = (huge ? "u".repeat(2_000 + rnd.nextInt(30_000)) : "fz") + rnd.nextInt(1_000_000) + "." + planted.size() + "@example.com";
        String phone = "+44 7700 9" + String.format("%05d", rnd.nextInt(100_000));
        String card = luhnCard();
        String hidden = "hid" + rnd.nextInt(1_000_000) + "." + planted.size() + "@example.org";
        planted.add(email);
        planted.add(phone);
        planted.add(card);
        planted.add(hidden);
        StringBuilder b = new StringBuilder("{");
        b.append(key("id")).append(":\"").append(id).append("\",");
        b.append(key("ts")).append(":\"2026-01-0").append(1 + rnd.nextInt(9)).append("T1").append(rnd.nextInt(10)).append(":00:00Z\",");
        b.append(key("amount")).append(':').append(rnd.nextBoolean() ? "12.5" : "\"" + rnd.nextInt(1000) + ".25\"").append(',');
        b.append(key("email")).append(":\"").append(email).append("\",");
        b.append(key("phone")).append(":\"").append(phone).append("\",");
        b.append(key("card")).append(":\"").append(card).append("\",");
        b.append("\"note\":\"").append(rnd.nextBoolean() ? "caf\\u00e9 \u00fcber \uD83D\uDE00 \\\"quoted\\\"" : "plain").append("\",");
        b.append("\"n\":").append(rnd.nextLong() >> rnd.nextInt(64)).append(',');
        b.append("\"contact\":{\"mail\":\"").append(hidden).append("\",\"Card\":\"").append(card).append("\"},");
        b.append("\"raw\":").append(new String(valid.get(rnd.nextInt(valid.size())), StandardCharsets.UTF_8).trim());
        return b.append('}').toString();
    }

    /** The key as is, re-cased (then undeclared: kept in _extra, redacted if it names a PII column) or escaped. */
    private String key(String k) {
        int m = rnd.nextInt(10);
        if (m == 0 && !k.equals("id") && !k.equals("ts") && !k.equals("amount")) {
            return "\"" + k.toUpperCase() + "\"";
        }
        if (m == 1) {
            int at = rnd.nextInt(k.length());
            return "\"" + k.substring(0, at) + String.format("\\u%04x", (int) k.charAt(at)) + k.substring(at + 1) + "\"";
        }
        return "\"" + k + "\"";
    }

    private String luhnCard() {
        StringBuilder d = new StringBuilder("4539");
        while (d.length() < 15) {
            d.append(rnd.nextInt(10));
        }
        int sum = 0;
        for (int i = d.length() - 1, k = 0; i >= 0; i--, k++) {
            int v = d.charAt(i) - '0';
            if (k % 2 == 0) {
                v = v * 2 > 9 ? v * 2 - 9 : v * 2;
            }
            sum += v;
        }
        String s = d.append((10 - sum % 10) % 10).toString();
        return rnd.nextBoolean() ? s : s.substring(0, 4) + " " + s.substring(4, 8) + " " + s.substring(8, 12) + " " + s.substring(12);
    }

    private static byte[] crlf(byte[] r) {
        return concat(r, new byte[] {'\r'});
    }

    /** Line breaks inside a mutated record would split it into lines the oracle did not plan: make them spaces. */
    private static byte[] sanitize(byte[] b) {
        byte[] c = b.clone();
        for (int i = 0; i < c.length; i++) {
            if (c[i] == '\n') {
                c[i] = ' ';
            }
        }
        return c;
    }

    private static boolean containsNewline(byte[] b) {
        for (byte x : b) {
            if (x == '\n' || x == '\r') {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] b, String s) {
        return new String(b, StandardCharsets.ISO_8859_1).indexOf(s);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
