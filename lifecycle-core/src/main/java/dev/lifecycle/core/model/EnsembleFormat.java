package dev.lifecycle.core.model;

import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormat;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Signature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Stores an {@link EnsembleModel}: per member its weight, description, labels and the bytes of its own
 * format (one of the formats given here, e.g. Tribuo's protobuf), never Java serialization. Reading treats
 * the bytes as untrusted: counts and lengths are bounded by what is left, and each member is read by its
 * own format with the same checks.
 */
@API(status = API.Status.STABLE, since = "0.1.0")
public final class EnsembleFormat implements ModelFormat {
    /** The format id recorded with stored ensembles. */
    public static final String ID = "lifecycle-ensemble";
    private static final int MAGIC = 0x4C43454E; // "LCEN"
    private static final int VERSION = 1;
    private static final String PREFIX = "Cannot read an ensemble model from ";

    private final List<ModelFormat> memberFormats;

    /** @param memberFormats the formats that store the members (the first that supports a member is used) */
    public EnsembleFormat(List<ModelFormat> memberFormats) {
        this.memberFormats = List.copyOf(Objects.requireNonNull(memberFormats, "memberFormats"));
        if (this.memberFormats.isEmpty()) {
            throw new IllegalArgumentException("Give at least one format for the ensemble's members");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(Model model) {
        if (!(model instanceof EnsembleModel e)) {
            return false;
        }
        for (EnsembleModel.Member m : e.members()) {
            if (formatFor(m.model()) == null) {
                return false;
            }
        }
        return true;
    }

    private ModelFormat formatFor(Model member) {
        for (ModelFormat f : memberFormats) {
            if (f.supports(member)) {
                return f;
            }
        }
        return null;
    }

    @Override
    public byte[] write(Model model) {
        if (!supports(model)) {
            throw new IllegalArgumentException("The " + ID + " format stores ensembles whose members the formats "
                    + ids() + " store, not " + model);
        }
        EnsembleModel e = (EnsembleModel) model;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(e.members().size());
            for (EnsembleModel.Member m : e.members()) {
                ModelFormat f = formatFor(m.model());
                byte[] inner = f.write(m.model());
                out.writeDouble(m.weight());
                out.writeUTF(m.description());
                out.writeUTF(f.id());
                List<String> labels = m.model().signature().labels();
                out.writeInt(labels.size());
                for (String l : labels) {
                    out.writeUTF(l);
                }
                out.writeInt(inner.length);
                out.write(inner);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    @Override
    public Model read(byte[] bytes, Signature signature) {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(signature, "signature");
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 12 || in.readInt() != MAGIC) {
                throw bad(bytes, "it does not start with the ensemble header", null);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw bad(bytes, "it has layout version " + version + "; this build reads " + VERSION, null);
            }
            int count = in.readInt();
            if (count < 1 || count > EnsembleModel.MAX_MEMBERS) {
                throw bad(bytes, "it declares " + count + " members", null);
            }
            List<EnsembleModel.Member> members = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                double weight = in.readDouble();
                String description = in.readUTF();
                String formatId = in.readUTF();
                ModelFormat f = memberFormats.stream().filter(x -> x.id().equals(formatId)).findFirst()
                        .orElseThrow(() -> bad(bytes, "member " + members.size() + " is in format '" + formatId
                                + "', which this Lifecycle does not know (known: " + ids() + ")", null));
                int labelCount = in.readInt();
                if (labelCount < 0 || labelCount > signature.labels().size()) {
                    throw bad(bytes, "member " + i + " declares " + labelCount + " labels", null);
                }
                List<String> labels = new ArrayList<>(labelCount);
                for (int k = 0; k < labelCount; k++) {
                    labels.add(in.readUTF());
                }
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw bad(bytes, "member " + i + " declares " + length + " bytes, more than are left", null);
                }
                byte[] inner = in.readNBytes(length);
                Signature s = new Signature(signature.inputs(), signature.target(), OutputType.CLASSIFICATION, labels,
                        signature.roles());
                members.add(new EnsembleModel.Member(f.read(inner, s), weight, description));
            }
            if (in.available() > 0) {
                throw bad(bytes, in.available() + " bytes follow the last member", null);
            }
            return EnsembleModel.of(signature, members);
        } catch (ModelFormatException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(PREFIX)) {
                throw e;
            }
            throw bad(bytes, "a member's bytes are damaged (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw bad(bytes, e.toString(), e);
        }
    }

    private List<String> ids() {
        return memberFormats.stream().map(ModelFormat::id).toList();
    }

    private static ModelFormatException bad(byte[] bytes, String why, Throwable cause) {
        return new ModelFormatException(PREFIX + bytes.length + " bytes: " + why
                + ". The stored bytes are damaged or were not written by the " + ID + " format", cause);
    }
}
