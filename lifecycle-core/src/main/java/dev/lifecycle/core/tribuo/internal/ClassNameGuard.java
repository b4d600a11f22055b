package dev.lifecycle.core.tribuo.internal;

import com.google.protobuf.Any;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks every class name a Tribuo model's protobuf bytes carry before Tribuo sees them: Tribuo calls
 * {@code Class.forName} (which runs static initialisers) on the names it reads before checking their
 * type, so a name that reaches it must already be known to be harmless. Walks the whole message,
 * including every embedded {@code Any}, whose type must be one of Tribuo's own messages.
 *
 * <p>Allowed: classes of Tribuo ({@code org.tribuo.}, except the {@code org.tribuo.interop.} packages,
 * which load native runtimes) and OLCUT's provenance classes ({@code com.oracle.labs.mlrg.olcut.provenance.}).
 * Model classes that Tribuo would load through native code are refused, with one exception: an XGBoost
 * model as the outermost model, which the caller compiles to pure Java instead of handing to Tribuo
 * (refused too when native formats are not allowed). An XGBoost model nested in an ensemble is refused.
 */
public final class ClassNameGuard {
    /** Model classes that hand their bytes to native code when Tribuo deserialises them. */
    private static final Set<String> NATIVE_MODELS = Set.of("org.tribuo.common.xgboost.XGBoostModel",
            "org.tribuo.common.xgboost.XGBoostExternalModel");
    /** The one native model class the caller never hands to Tribuo (it compiles it), when outermost. */
    private static final String COMPILED_MODEL = "org.tribuo.common.xgboost.XGBoostModel";
    private static final String MODEL_MESSAGE = "tribuo.core.ModelProto";
    private static final int MAX_MESSAGES = 1_000_000;
    private static final Map<String, Descriptor> TYPES = types();

    private ClassNameGuard() {
    }

    /**
     * @param model a parsed model message (e.g. Tribuo's {@code ModelProto})
     * @param allowNative whether an outermost XGBoost model is allowed (the caller compiles it; never Tribuo)
     * @throws MalformedModelException naming the first class or embedded type that is not allowed
     */
    public static void check(Message model, boolean allowNative) {
        Message root = model;
        Deque<Message> todo = new ArrayDeque<>();
        todo.push(model);
        int seen = 0;
        while (!todo.isEmpty()) {
            if (++seen > MAX_MESSAGES) {
                throw new MalformedModelException("Model bytes nest more than " + MAX_MESSAGES + " messages");
            }
            Message m = todo.pop();
            if (m.getDescriptorForType().getFullName().equals(Any.getDescriptor().getFullName())) {
                todo.push(unpack(m));
                continue;
            }
            for (Map.Entry<FieldDescriptor, Object> e : m.getAllFields().entrySet()) {
                FieldDescriptor f = e.getKey();
                List<?> values = f.isRepeated() ? (List<?>) e.getValue() : List.of(e.getValue());
                for (Object v : values) {
                    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                        todo.push((Message) v);
                    } else if (f.getJavaType() == FieldDescriptor.JavaType.STRING && namesClass(f)) {
                        boolean modelClass = f.getName().equals("class_name")
                                && m.getDescriptorForType().getFullName().equals(MODEL_MESSAGE);
                        checkName((String) v, modelClass && m == root && allowNative, modelClass);
                    }
                }
            }
        }
    }

    /**
     * @param className a class name read from model bytes
     * @param compiledModel whether it is the outermost model's class and that may be an XGBoost model
     * @param modelClass whether it names a model class (native ones are refused there)
     * @return whether the name may be handed to Tribuo
     */
    static boolean allowed(String className, boolean compiledModel, boolean modelClass) {
        if (modelClass && NATIVE_MODELS.contains(className)) {
            return compiledModel && className.equals(COMPILED_MODEL);
        }
        if (className.startsWith("org.tribuo.interop.")) {
            return false;
        }
        return (className.startsWith("org.tribuo.") || className.startsWith("com.oracle.labs.mlrg.olcut.provenance."))
                && className.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)+");
    }

    private static void checkName(String name, boolean compiledModel, boolean modelClass) {
        if (!allowed(name, compiledModel, modelClass)) {
            String shown = name.length() > 120 ? name.substring(0, 120) + "..." : name;
            throw new MalformedModelException("Model bytes name the class '" + shown.replaceAll("[^\\x20-\\x7e]", "?")
                    + "', which is not on the allow-list of Tribuo model classes"
                    + (NATIVE_MODELS.contains(name) ? " here (models read by native code are refused: only an outermost"
                            + " XGBoost model is read, in pure Java, and only where native formats are allowed)" : "")
                    + "; the bytes were not written by Lifecycle or were altered");
        }
    }

    private static boolean namesClass(FieldDescriptor f) {
        String n = f.getName();
        return n.endsWith("class_name") || n.endsWith("_class") || n.equals("class");
    }

    private static Message unpack(Message any) {
        String url = "";
        com.google.protobuf.ByteString value = com.google.protobuf.ByteString.EMPTY;
        for (Map.Entry<FieldDescriptor, Object> e : any.getAllFields().entrySet()) {
            if (e.getKey().getName().equals("type_url")) {
                url = (String) e.getValue();
            } else if (e.getKey().getName().equals("value")) {
                value = (com.google.protobuf.ByteString) e.getValue();
            }
        }
        String type = url.substring(url.lastIndexOf('/') + 1);
        Descriptor d = TYPES.get(type);
        if (d == null) {
            throw new MalformedModelException("Model bytes embed a message of unknown type '"
                    + (type.length() > 120 ? type.substring(0, 120) : type).replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
        try {
            return DynamicMessage.parseFrom(d, value);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedModelException("Model bytes embed a damaged " + type + ": " + e.getMessage());
        }
    }

    private static Map<String, Descriptor> types() {
        Map<String, Descriptor> out = new HashMap<>();
        Set<FileDescriptor> done = new HashSet<>();
        Deque<FileDescriptor> files = new ArrayDeque<>(List.of(org.tribuo.protos.core.TribuoCore.getDescriptor(),
                org.tribuo.protos.core.TribuoCoreImpl.getDescriptor(),
                org.tribuo.classification.protos.TribuoClassificationCore.getDescriptor(),
                org.tribuo.classification.sgd.protos.TribuoClassificationSgd.getDescriptor(),
                org.tribuo.math.protos.TribuoMath.getDescriptor(),
                org.tribuo.math.protos.TribuoMathImpl.getDescriptor(),
                org.tribuo.common.tree.protos.TribuoTree.getDescriptor(),
                org.tribuo.common.xgboost.protos.TribuoXgboost.getDescriptor(),
                org.tribuo.regression.protos.TribuoRegressionCore.getDescriptor(),
                org.tribuo.regression.sgd.protos.TribuoRegressionSgd.getDescriptor(),
                org.tribuo.regression.rtree.protos.TribuoRegressionTree.getDescriptor()));
        while (!files.isEmpty()) {
            FileDescriptor f = files.pop();
            if (!done.add(f)) {
                continue;
            }
            files.addAll(f.getDependencies());
            Deque<Descriptor> messages = new ArrayDeque<>(f.getMessageTypes());
            while (!messages.isEmpty()) {
                Descriptor d = messages.pop();
                out.put(d.getFullName(), d);
                messages.addAll(d.getNestedTypes());
            }
        }
        return Map.copyOf(out);
    }
}
