package dev.lifecycle.core.store;

import static dev.lifecycle.core.store.StoreMaintenance.HEX64;
import static dev.lifecycle.core.store.StoreMaintenance.MAX_JSON_SCAN;
import static dev.lifecycle.core.store.StoreMaintenance.VERSION_REF;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifecycle.api.store.JournalEntry;
import dev.lifecycle.core.internal.Digests;
import dev.lifecycle.core.internal.Json;
import dev.lifecycle.core.internal.RefNames;
import dev.lifecycle.core.internal.RefState;
import dev.lifecycle.core.store.StoreMaintenance.Line;
import dev.lifecycle.core.store.StoreMaintenance.Replay;
import dev.lifecycle.core.store.StoreMaintenance.Walk;
import dev.lifecycle.core.store.StoreReports.Damage;
import dev.lifecycle.core.store.StoreReports.RepairReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * The repair of {@link StoreMaintenance#repair}, run holding the store's locks: replays the journal
 * keeping the lines that follow, moves corrupt objects out, removes refs to unusable manifests,
 * rebuilds lost version refs from the checkpoint and the manifests, and writes the new journal.
 */
final class StoreRepair {
    private static final System.Logger LOG = System.getLogger(StoreRepair.class.getName());
    private static final String ACTOR = "lifecycle-repair";

    private StoreRepair() {
    }

    private record Candidate(String kind, String name, int version, String id, String digest) {
    }

    static RepairReport repairLocked(Path root) throws IOException {
        Replay replay = StoreMaintenance.replay(root);
        Path objects = root.resolve("objects");
        Path quarantine = root.resolve("quarantine").resolve(Instant.now().toString().replace(':', '-'));
        List<Damage> found = new ArrayList<>(replay.damages);
        RefState state = replay.state;
        List<JournalEntry> added = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        List<RefFiles.Saved> saved = RefFiles.readAll(root, bad);
        for (String b : bad) {
            found.add(new Damage("ref file refs/" + b, null, "unreadable; ignored"));
        }
        // new lines come after every sequence ever used, so history stays ordered
        long known = state.sequence();
        long top = known;
        RefState cp = replay.checkpointState;
        if (cp != null) {
            top = Math.max(top, cp.sequence());
        }
        for (RefFiles.Saved f : saved) {
            top = Math.max(top, f.sequence());
        }
        long[] seq = {top};
        Instant now = Instant.now();
        List<String> notRecovered = new ArrayList<>();

        // the checkpoint, when the journal lost lines it covers (or is older than it)
        int rebuilt = 0;
        if (cp != null && (replay.lost || cp.sequence() > known)) {
            for (Map.Entry<String, String> e : cp.all().entrySet()) {
                String current = state.get(e.getKey());
                if (current == null) {
                    rebuilt += add(state, added, seq, now, e.getKey(), null, e.getValue(), "restored from the checkpoint");
                } else if (!current.equals(e.getValue()) && !VERSION_REF.matcher(e.getKey()).matches()
                        && cp.sequence() > known) {
                    rebuilt += add(state, added, seq, now, e.getKey(), current, e.getValue(),
                            "restored from the checkpoint (sequence " + cp.sequence() + ")");
                }
            }
            if (cp.sequence() > known) {
                for (String ref : new ArrayList<>(state.all().keySet())) {
                    if (cp.get(ref) == null && !VERSION_REF.matcher(ref).matches()) {
                        rebuilt += add(state, added, seq, now, ref, state.get(ref), null,
                                "deleted as in the checkpoint (sequence " + cp.sequence() + ")");
                    }
                }
                known = cp.sequence();
            }
        }

        // alias moves after that, from their ref files
        java.util.Set<String> fromFiles = new java.util.HashSet<>();
        for (RefFiles.Saved f : saved) {
            fromFiles.add(f.ref());
            if (f.sequence() > known && !java.util.Objects.equals(state.get(f.ref()), f.value())) {
                rebuilt += add(state, added, seq, now, f.ref(), state.get(f.ref()), f.value(),
                        "restored from its ref file (sequence " + f.sequence() + ")");
            }
        }
        if (replay.lost) {
            // what no surviving record can bring back is named, not dropped silently
            for (String ref : state.all().keySet()) {
                if (RefFiles.kept(ref) && !fromFiles.contains(ref)) {
                    notRecovered.add(ref + ": restored as of sequence " + known + " with no ref file; a later move"
                            + " of it was lost with the journal");
                }
            }
        }

        // corrupt objects out, manifests collected
        int quarantinedObjects = 0;
        Map<String, List<Candidate>> candidates = new TreeMap<>();
        for (Path p : StoreMaintenance.objectFiles(objects)) {
            String hex = p.getParent().getFileName().toString() + p.getFileName();
            if (!HEX64.matcher(hex).matches()) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(p);
            if (!Digests.sha256Hex(bytes).equals(hex)) {
                Path to = quarantine.resolve("objects").resolve(hex);
                Files.createDirectories(to.getParent());
                Files.move(p, to, StandardCopyOption.REPLACE_EXISTING);
                quarantinedObjects++;
                found.add(new Damage("object", hex, "corrupt; moved to " + to));
                continue;
            }
            Candidate c = manifest(bytes, hex);
            if (c != null) {
                candidates.computeIfAbsent(c.kind + "/" + c.name + "/versions/" + c.version, k -> new ArrayList<>())
                        .add(c);
            }
        }

        // refs to unusable manifests out, with the content index entries that name them
        Walk walk = StoreMaintenance.walk(root, state);
        found.addAll(walk.damages);
        int removed = 0;
        for (String ref : walk.badRefs) {
            Matcher vm = VERSION_REF.matcher(ref);
            vm.matches();
            removed += add(state, added, seq, now, ref, state.get(ref), null, "its manifest is unusable");
            String contentPrefix = vm.group(1) + "/" + vm.group(2) + "/content/";
            for (Map.Entry<String, String> c : state.refs(contentPrefix).entrySet()) {
                if (c.getValue().equals(vm.group(3))) {
                    removed += add(state, added, seq, now, c.getKey(), c.getValue(), null,
                            "it names a removed version");
                }
            }
        }

        // version refs rebuilt from manifests, and the content index of every dataset version
        for (Map.Entry<String, List<Candidate>> e : candidates.entrySet()) {
            String current = state.get(e.getKey());
            Candidate c = null;
            if (current == null) {
                c = choose(e.getValue(), candidates);
                rebuilt += add(state, added, seq, now, e.getKey(), null, c.id, "rebuilt from its manifest");
            } else {
                for (Candidate k : e.getValue()) {
                    if (k.id.equals(current)) {
                        c = k;
                    }
                }
            }
            if (c != null && c.kind.equals("datasets") && c.digest != null) {
                String content = c.kind + "/" + c.name + "/content/" + c.digest;
                if (state.get(content) == null) {
                    add(state, added, seq, now, content, null, Integer.toString(c.version), "rebuilt content index");
                }
            }
        }

        if (replay.lost) {
            java.util.Set<String> models = new java.util.TreeSet<>();
            for (List<Candidate> cs : candidates.values()) {
                for (Candidate c : cs) {
                    if (c.kind.equals("models")) {
                        models.add(c.name);
                    }
                }
            }
            for (String m : models) {
                if (state.refs("models/" + m + "/aliases/").isEmpty()) {
                    notRecovered.add("models/" + m + "/aliases/*: no journal line, checkpoint or ref file records an"
                            + " alias of model " + m + "; if it had any, set them again with models().setAlias");
                }
            }
        }
        for (String n : notRecovered) {
            found.add(new Damage("not recovered", null, n));
        }

        // the new journal: good lines as they were, then the repair's own changes
        Path journalFile = root.resolve("journal");
        Path fresh = root.resolve("tmp").resolve("journal-repair.tmp");
        try (FileChannel out = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (!replay.good.isEmpty()) {
                try (FileChannel in = FileChannel.open(journalFile, StandardOpenOption.READ)) {
                    for (Line l : replay.good) {
                        long done = 0;
                        while (done < l.length()) {
                            done += in.transferTo(l.position() + done, l.length() - done, out);
                        }
                    }
                }
            }
            for (JournalEntry e : added) {
                out.write(java.nio.ByteBuffer.wrap(JournalCodec.encode(e)));
            }
            out.force(true);
        }
        Files.createDirectories(quarantine);
        if (!replay.bad.isEmpty()) {
            Files.write(quarantine.resolve("journal-lines.txt"), String.join("\n", replay.bad).getBytes(
                    StandardCharsets.UTF_8));
        }
        if (Files.exists(journalFile)) {
            Files.copy(journalFile, quarantine.resolve("journal"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path checkpoint = root.resolve("checkpoint");
        if (Files.exists(checkpoint)) {
            Files.move(checkpoint, quarantine.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(fresh, journalFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        writeCheckpoint(root);
        FileStore.forceDirectory(root);
        LOG.log(System.Logger.Level.INFO, "Repaired {0}: {1} journal lines and {2} objects quarantined in {3},"
                + " {4} refs removed, {5} rebuilt", root, replay.bad.size(), quarantinedObjects, quarantine, removed,
                rebuilt);
        return new RepairReport(found, replay.bad.size(), removed, rebuilt, quarantinedObjects, quarantine,
                notRecovered);
    }

    /** A checkpoint of the new journal: the repaired store opens from it (also when it has no refs at all). */
    private static void writeCheckpoint(Path root) throws IOException {
        RefState state = new RefState();
        long[] last = {0};
        try (FileChannel ch = FileChannel.open(root.resolve("journal"), StandardOpenOption.READ)) {
            long end = JournalCodec.readLines(ch, 0, ch.size(), (bytes, off, len, pos) -> {
                String why = state.apply(JournalCodec.decodeForReplay(bytes, off, len, state.sequence()));
                if (why != null) {
                    throw new IllegalStateException("the repaired journal does not replay at byte " + pos + ": " + why);
                }
                last[0] = pos;
            });
            Checkpoint.write(root.resolve("checkpoint"), root.resolve("tmp"), state, end, last[0],
                    Checkpoint.sha256Of(ch, last[0], end));
        }
    }

    private static int add(RefState state, List<JournalEntry> added, long[] seq, Instant now, String ref, String old,
            String value, String why) {
        JournalEntry e = new JournalEntry(ref, old, value, ACTOR, "repair: " + why, now, ++seq[0]);
        if (state.apply(e) != null) {
            seq[0]--;
            return 0;
        }
        added.add(e);
        return 1;
    }

    /** Of several manifests claiming one version (a lost race leaves one behind), the one whose content no other version claims. */
    private static Candidate choose(List<Candidate> claims, Map<String, List<Candidate>> all) {
        if (claims.size() == 1) {
            return claims.get(0);
        }
        for (Candidate c : claims) {
            boolean elsewhere = false;
            for (List<Candidate> other : all.values()) {
                for (Candidate o : other) {
                    if (o.version != c.version && o.name.equals(c.name) && o.kind.equals(c.kind) && c.digest != null
                            && c.digest.equals(o.digest)) {
                        elsewhere = true;
                    }
                }
            }
            if (!elsewhere) {
                return c;
            }
        }
        return claims.get(0);
    }

    private static Candidate manifest(byte[] bytes, String hex) {
        if (bytes.length == 0 || bytes[0] != '{' || bytes.length > MAX_JSON_SCAN) {
            return null;
        }
        JsonNode m;
        try {
            m = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
        String name = m.path("name").asText(null);
        int version = m.path("version").asInt(-1);
        if (name == null || version < 1) {
            return null;
        }
        try {
            RefNames.checkName(name, "name");
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (m.path("columns").isArray() && m.has("schema") && m.has("digest")) {
            return new Candidate("datasets", name, version, hex, m.path("digest").asText());
        }
        if (m.has("format") && m.has("model") && m.has("signature")) {
            return new Candidate("models", name, version, hex, m.path("model").asText());
        }
        return null;
    }

}
