package dev.lifecycle.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.testing.NullPointerTester;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.lifecycle.api.data.Field;
import dev.lifecycle.api.data.Lineage;
import dev.lifecycle.api.data.Row;
import dev.lifecycle.api.data.Schema;
import dev.lifecycle.api.evaluation.ConfusionMatrix;
import dev.lifecycle.api.model.ModelVersion;
import dev.lifecycle.api.model.OutputType;
import dev.lifecycle.api.model.Signature;
import dev.lifecycle.api.store.ObjectId;
import dev.lifecycle.core.Lifecycle;
import dev.lifecycle.core.data.Csv;
import dev.lifecycle.core.deployment.Rollout;
import dev.lifecycle.core.deployment.StepGate;
import dev.lifecycle.core.evaluation.EvaluationOptions;
import dev.lifecycle.api.evaluation.DecisionRule;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Guava's {@link NullPointerTester} over every public value type of lifecycle-api (constructors and static
 * factories) and the main builders of the core (every public instance method): a {@code null} where none is
 * allowed fails fast with a {@link NullPointerException}, never later and farther away. Exceptions are left
 * out (a {@code null} cause is allowed, as in the JDK), and so are the parameters documented to take {@code null}.
 */
class NullChecksTest {

    private static NullPointerTester tester() {
        Schema schema = new Schema(List.of(Field.numeric("x"), Field.categorical("y", List.of("0", "1"))), "y");
        Signature signature = Signature.of(schema, OutputType.CLASSIFICATION, List.of("0", "1"));
        return new NullPointerTester()
                .setDefault(String.class, "x")
                .setDefault(Schema.class, schema)
                .setDefault(ConfusionMatrix.class, new ConfusionMatrix(List.of("0", "1"), new long[][] {{1, 0}, {0, 1}}))
                .setDefault(ModelVersion.class, new ModelVersion("m", 1, new Stump.StumpModel(signature, 0.5), "stump",
                        Map.of(), 0, "d@1", "stump-text", "0".repeat(64), java.time.Instant.EPOCH, null))
                .setDefault(Field.class, Field.numeric("x"))
                .setDefault(Row.class, Row.of("x", 1.0))
                .setDefault(ObjectId.class, new ObjectId("0".repeat(64)))
                .setDefault(Lineage.class, new Lineage(List.of(), "import", "test", Map.of()))
                .setDefault(Signature.class, signature);
    }

    /** The public, exported, instantiable types of lifecycle-api that are not exceptions. */
    static List<Class<?>> apiValueTypes() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrls(List.of(PublicSurfaceTest.codeSource(Row.class))).stream()
                .filter(c -> c.getPackageName().startsWith("dev.lifecycle.api"))
                .filter(SurfaceRules::visible).filter(SurfaceRules::exported)
                .map(JavaClass::reflect)
                .filter(c -> !Throwable.class.isAssignableFrom(c) && !c.isEnum() && !c.isAnnotation())
                .sorted(java.util.Comparator.comparing(Class::getName))
                .toList();
    }

    @Test
    void theApiValueTypesAreFound() {
        assertThat(apiValueTypes()).contains(Row.class, Schema.class, Signature.class,
                dev.lifecycle.api.evaluation.Evaluation.class, dev.lifecycle.api.model.Prediction.class);
    }

    /**
     * Record components documented to take {@code null} ("or {@code null} when ..."), by
     * {@code SimpleName.component}; every other reference parameter must be rejected.
     */
    static final Set<String> NULLABLE = Set.of("Schema.target", "Schema.roles", "Signature.labels", "Signature.roles",
            "Lineage.source", "Run.parent", "Run.trainer", "Run.ended", "Run.failure", "ModelVersion.run",
            "ModelVersion.trainer", "ModelVersion.dataset", "Failure.column", "SchemaChange.pinned",
            "SchemaChange.actual", "JournalEntry.oldValue", "JournalEntry.newValue", "JournalEntry.actor",
            "JournalEntry.reason", "JournalEntry.time", "LoggedPrediction.input", "LoggedPrediction.label", "LoggedPrediction.value",
            "LoggedPrediction.arm", "LoggedPrediction.inputHash", "LabelChange.before", "LabelChange.after",
            "Field.categories", "Evaluation.confusion", "Evaluation.diagnostics", "DeploymentMetrics.routing",
            "Decision.detail", "Alert.detail", "FairnessReport.favourableLabel",
            // read as empty: stored records written before the component existed decode it as null
            "Lineage.parents", "Lineage.details", "Run.parameters", "Run.inputs", "Run.metrics", "Run.artifacts",
            "Run.tags", "Run.environment", "Comparison.mcNemar", "Diagnostics.threshold", "FairnessReport.intervals",
            "Evaluation.importance");

    /** Parameters of other constructors and factories documented to take {@code null}, by {@code member#index}. */
    static final Set<String> NULLABLE_PARAMETERS = Set.of(
            "Schema(List,String)#1", "Signature(List,String,OutputType,List)#3", "Prediction.ofLabel#2",
            "Evaluation(String,String,long,Map,List,ConfusionMatrix)#5",
            "Evaluation(String,String,long,Map,List,ConfusionMatrix,Map,Map,List,List,Optional)#5",
            "Evaluation(String,String,long,Map,List,ConfusionMatrix,Map,Map,List,List,Optional)#10",
            "Builder.set#1", "Row.with#1", "Signature.of#2",
            "JournalEntry(String,String,String,String,String,Instant)#1",
            "JournalEntry(String,String,String,String,String,Instant)#2",
            "JournalEntry(String,String,String,String,String,Instant)#3",
            "JournalEntry(String,String,String,String,String,Instant)#4",
            "JournalEntry(String,String,String,String,String,Instant)#5");

    private static String simple(Class<?>[] types) {
        return java.util.Arrays.stream(types).map(Class::getSimpleName).collect(java.util.stream.Collectors.joining(","));
    }

    private static boolean nullable(Class<?> owner, java.lang.reflect.Executable member, int index) {
        if (owner.isRecord() && member instanceof java.lang.reflect.Constructor<?> ctor && java.util.Arrays.equals(
                ctor.getParameterTypes(), java.util.Arrays.stream(owner.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getType).toArray(Class[]::new))) {
            return NULLABLE.contains(owner.getSimpleName() + "." + owner.getRecordComponents()[index].getName());
        }
        String key = member instanceof java.lang.reflect.Constructor<?>
                ? owner.getSimpleName() + "(" + simple(member.getParameterTypes()) + ")#" + index
                : owner.getSimpleName() + "." + member.getName() + "#" + index;
        return NULLABLE_PARAMETERS.contains(key);
    }

    @TestFactory
    Stream<DynamicTest> apiValueTypesRejectNullArguments() {
        return apiValueTypes().stream().map(c -> DynamicTest.dynamicTest(c.getName(), () -> {
            NullPointerTester t = tester();
            if (!c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                for (java.lang.reflect.Constructor<?> ctor : c.getConstructors()) {
                    for (int i = 0; i < ctor.getParameterCount(); i++) {
                        if (!ctor.getParameterTypes()[i].isPrimitive() && !nullable(c, ctor, i)) {
                            t.testConstructorParameter(ctor, i);
                        }
                    }
                }
            }
            for (java.lang.reflect.Method m : c.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == c) {
                    for (int i = 0; i < m.getParameterCount(); i++) {
                        if (!m.getParameterTypes()[i].isPrimitive() && !nullable(c, m, i)) {
                            t.testMethodParameter(null, m, i);
                        }
                    }
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> buildersRejectNullArguments() {
        Map<String, Object> builders = new java.util.LinkedHashMap<>();
        builders.put("Lifecycle.builder()", Lifecycle.builder());
        builders.put("Csv.defaults()", Csv.defaults());
        builders.put("Rollout.alias(champion)", Rollout.alias("champion"));
        builders.put("StepGate.after(10)", StepGate.after(10));
        builders.put("EvaluationOptions.defaults()", EvaluationOptions.defaults());
        builders.put("DecisionRule.defaults()", DecisionRule.defaults());
        builders.put("Row.of(x, 1.0)", Row.of("x", 1.0));
        builders.put("Row.builder()", Row.builder());
        return builders.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            NullPointerTester t = tester();
            Class<?> c = e.getValue().getClass();
            for (java.lang.reflect.Method m : c.getMethods()) {
                if (m.getDeclaringClass() != c || m.isSynthetic() || m.getName().equals("equals")) {
                    continue;
                }
                for (int i = 0; i < m.getParameterCount(); i++) {
                    if (!m.getParameterTypes()[i].isPrimitive() && !nullable(c, m, i)) {
                        t.testMethodParameter(Modifier.isStatic(m.getModifiers()) ? null : e.getValue(), m, i);
                    }
                }
            }
        }));
    }
}
