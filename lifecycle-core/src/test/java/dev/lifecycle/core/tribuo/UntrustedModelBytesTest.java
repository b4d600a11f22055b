package dev.lifecycle.core.tribuo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import dev.lifecycle.api.data.DatasetVersion;
import dev.lifecycle.api.data.FieldType;
import dev.lifecycle.api.model.ModelFormatException;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.data.RowSource;
import dev.lifecycle.core.model.Trainers;
import dev.lifecycle.core.store.MemoryStore;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.protos.core.ModelProto;
import org.tribuo.protos.core.WeightedEnsembleModelProto;
import org.junit.jupiter.api.Tag;

/** Stored model bytes are untrusted: class names are checked before any is initialised; native formats can be refused. */
@Tag("fast")
class UntrustedModelBytesTest {
    private final TribuoProtobufFormat format = new TribuoProtobufFormat();

    private static ModelVersion train(Lifecycle lc, dev.lifecycle.api.model.Trainer t) {
        DatasetVersion data = lc.datasets().importFrom("u", RowSource.of("u", List.of("a", "b", "c", "color", "target"),
                ModelBytesFuzzMain.rows(new SplittableRandom(3), 300, true)), Csv.forTarget("target")
                        .type("target", FieldType.CATEGORICAL));
        return lc.train("u", t, data);
    }

    @Test
    void aClassNamedAnywhereInTheBytesIsCheckedBeforeItIsInitialised() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion mv = train(lc, Trainers.logisticRegression().seed(1));
            Signature sig = mv.signature();
            byte[] bytes = format.write(mv.model());
            ModelProto proto = ModelProto.parseFrom(bytes);
            byte[] topLevel = proto.toBuilder().setClassName(Canary.class.getName()).build().toByteArray();
            assertThatThrownBy(() -> format.read(topLevel, sig)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining(Canary.class.getName()).hasMessageContaining("allow-list");
            // the same name deep inside (provenance), spliced in place of a Tribuo class name of equal purpose
            String inner = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            String provenanceClass = "org.tribuo.provenance.ModelProvenance";
            String canary = Canary.class.getName();
            String padded = (canary + "x".repeat(provenanceClass.length())).substring(0, provenanceClass.length());
            assertThat(inner).contains(provenanceClass);
            byte[] nested = inner.replace(provenanceClass, padded).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> format.read(nested, sig)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("dev.lifecycle.core.tribuo.Canary");
            assertThat(CanaryState.initialised).as("Canary's static initialiser ran").isFalse();
        }
    }

    @Test
    void unknownEmbeddedTypesAndNativeModelsInsideEnsemblesAreRefused() throws Exception {
        try (Lifecycle lc = Lifecycle.inMemory()) {
            ModelVersion lr = train(lc, Trainers.logisticRegression().seed(1));
            ModelProto proto = ModelProto.parseFrom(format.write(lr.model()));
            byte[] unknownType = proto.toBuilder().setSerializedData(Any.newBuilder()
                    .setTypeUrl("type.googleapis.com/evil.Payload").setValue(proto.getSerializedData().getValue()))
                    .build().toByteArray();
            assertThatThrownBy(() -> format.read(unknownType, lr.signature())).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("unknown type 'evil.Payload'");

            ModelVersion forest = train(lc, Trainers.randomForest().trees(3).seed(1));
            ModelProto fp = ModelProto.parseFrom(format.write(forest.model()));
            WeightedEnsembleModelProto ensemble = fp.getSerializedData().unpack(WeightedEnsembleModelProto.class);
            for (String nativeModel : List.of("org.tribuo.common.xgboost.XGBoostModel",
                    "org.tribuo.common.xgboost.XGBoostExternalModel")) {
                WeightedEnsembleModelProto bad = ensemble.toBuilder()
                        .setModels(0, ensemble.getModels(0).toBuilder().setClassName(nativeModel)).build();
                byte[] member = fp.toBuilder().setSerializedData(Any.pack(bad)).build().toByteArray();
                assertThatThrownBy(() -> format.read(member, forest.signature()))
                        .isInstanceOf(ModelFormatException.class).hasMessageContaining(nativeModel);
                byte[] outer = fp.toBuilder().setClassName(nativeModel).build().toByteArray();
                assertThatThrownBy(() -> format.read(outer, forest.signature()))
                        .isInstanceOf(ModelFormatException.class);
            }
        }
    }

    @Test
    void nativeModelFormatsCanBeRefusedPerLifecycle() {
        MemoryStore store = new MemoryStore(java.time.Clock.systemUTC());
        ModelVersion xgb;
        ModelVersion lr;
        try (Lifecycle lc = Lifecycle.builder().store(store).build()) {
            xgb = train(lc, Trainers.xgboost().trees(5).seed(1));
            lr = train(lc, Trainers.logisticRegression().seed(1));
        }
        try (Lifecycle strict = Lifecycle.builder().store(store).nativeModels(false).build()) {
            assertThatThrownBy(() -> strict.models().get("u", xgb.version())).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("native");
            assertThat(strict.models().get("u", lr.version()).version()).isEqualTo(lr.version());
        }
        try (Lifecycle lenient = Lifecycle.builder().store(store).build()) {
            assertThat(lenient.models().get("u", xgb.version()).model()).isInstanceOf(CompiledTreeModel.class);
        }
    }
}
