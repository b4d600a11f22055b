package dev.lifecycle.core.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormat;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Signature;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

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
        return model instanceof TribuoModel || model instanceof TribuoRegressionModel;
    }

    @Override
    public byte[] write(Model model) {
        if (model instanceof TribuoModel t) {
            return t.tribuoModel().serialize().toByteArray();
        }
        if (model instanceof TribuoRegressionModel r) {
            return r.tribuoModel().serialize().toByteArray();
        }
        throw new IllegalArgumentException("The " + ID + " format stores Tribuo models only, not "
                + model.getClass().getName());
    }

    @Override
    public Model read(byte[] bytes, Signature signature) {
        try {
            org.tribuo.Model<?> raw = org.tribuo.Model.deserialize(ModelProto.parseFrom(bytes));
            if (signature.outputType() == OutputType.REGRESSION) {
                if (!raw.validate(Regressor.class)) {
                    throw new ModelFormatException("The stored Tribuo model predicts "
                            + raw.getOutputIDInfo().getClass().getSimpleName() + ", not the numbers its REGRESSION"
                            + " signature promises", null);
                }
                @SuppressWarnings("unchecked")
                org.tribuo.Model<Regressor> regression = (org.tribuo.Model<Regressor>) raw;
                return new TribuoRegressionModel(regression, signature);
            }
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
