package dev.lifecycle.core.tribuo;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.lifecycle.api.model.Model;
import dev.lifecycle.api.model.ModelFormat;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.tribuo.internal.ClassNameGuard;
import org.apiguardian.api.API;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.regression.Regressor;

/**
 * Stores Tribuo models in Tribuo's protobuf format (never Java serialization). Reading treats the bytes
 * as untrusted: every class name they carry is checked against an allow-list before Tribuo initialises
 * any class, and XGBoost models are validated and compiled to pure Java ({@link CompiledTreeModel}), so
 * no stored byte reaches native code.
 */
@API(status = API.Status.MAINTAINED, since = "0.1.0")
public final class TribuoProtobufFormat implements ModelFormat {
    /** The format id recorded with stored models. */
    public static final String ID = "tribuo-protobuf";
    private final boolean allowNative;

    /** A format that reads every model class it knows (XGBoost is compiled, never loaded natively). */
    public TribuoProtobufFormat() {
        this(true);
    }

    /**
     * @param allowNative whether model bytes of classes Tribuo would hand to native code (XGBoost, also
     *     when compiled) are read at all; false refuses them with a {@link ModelFormatException}
     */
    public TribuoProtobufFormat(boolean allowNative) {
        this.allowNative = allowNative;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean supports(Model model) {
        return model instanceof TribuoModel || model instanceof TribuoRegressionModel
                || model instanceof CompiledTreeModel;
    }

    @Override
    public byte[] write(Model model) {
        if (model instanceof CompiledTreeModel c) {
            return c.bytes();
        }
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
            ModelProto proto = ModelProto.parseFrom(bytes);
            ClassNameGuard.check(proto, allowNative);
            if (proto.getClassName().equals(CompiledTreeModel.XGBOOST_CLASS)) {
                return CompiledTreeModel.fromXgboost(bytes, proto, signature);
            }
            org.tribuo.Model<?> raw = org.tribuo.Model.deserialize(proto);
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
        } catch (InvalidProtocolBufferException | RuntimeException | StackOverflowError e) {
            if (e instanceof ModelFormatException m) {
                throw m;
            }
            throw new ModelFormatException("Cannot read a Tribuo model from " + bytes.length + " bytes: "
                    + e, e);
        }
    }

    /**
     * Serving form of a freshly trained model: XGBoost models are compiled to pure Java (their bytes come
     * from the trainer, so this is the same path stored models take), others are returned unchanged.
     */
    static Model servingForm(org.tribuo.Model<?> trained, Model wrapped) {
        if (!trained.getClass().getName().equals(CompiledTreeModel.XGBOOST_CLASS)) {
            return wrapped;
        }
        byte[] bytes = trained.serialize().toByteArray();
        return new TribuoProtobufFormat().read(bytes, wrapped.signature());
    }
}
