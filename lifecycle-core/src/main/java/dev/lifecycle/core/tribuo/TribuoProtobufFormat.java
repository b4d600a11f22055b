package dev.lifecycle.core.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormat;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.Signature;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

/** Stores {@link TribuoModel}s in Tribuo's protobuf format (never Java serialization). */
public final class TribuoProtobufFormat implements ModelFormat {
    /** The format id recorded with stored models. */
    public static final String ID = "tribuo-protobuf";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(Model model) {
        return model instanceof TribuoModel;
    }

    @Override
    public byte[] write(Model model) {
        if (!(model instanceof TribuoModel t)) {
            throw new IllegalArgumentException("The " + ID + " format stores Tribuo models only, not "
                    + model.getClass().getName());
        }
        return t.tribuoModel().serialize().toByteArray();
    }

    @Override
    public Model read(byte[] bytes, Signature signature) {
        try {
            org.tribuo.Model<?> raw = org.tribuo.Model.deserialize(ModelProto.parseFrom(bytes));
            if (!raw.validate(Label.class)) {
                throw new ModelFormatException("The stored Tribuo model predicts "
                        + raw.getOutputIDInfo().getClass().getSimpleName() + ", not labels", null);
            }
            @SuppressWarnings("unchecked")
            org.tribuo.Model<Label> model = (org.tribuo.Model<Label>) raw;
            return new TribuoModel(model, signature);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            if (e instanceof ModelFormatException m) {
                throw m;
            }
            throw new ModelFormatException("Cannot read a Tribuo model from " + bytes.length + " bytes: "
                    + e.getMessage(), e);
        }
    }
}
