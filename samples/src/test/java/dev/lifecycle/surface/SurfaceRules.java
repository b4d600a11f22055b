package dev.lifecycle.surface;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The rules of the public surface, shared by the test over every module and the tests that prove them able to fail. */
final class SurfaceRules {
    private SurfaceRules() {
    }

    /** A package is exported when no segment of its name is {@code internal}. */
    static boolean exported(JavaClass c) {
        return !(c.getPackageName() + ".").contains(".internal.");
    }

    /** Public and reachable from outside: public itself and, when nested, inside public types only. */
    static boolean visible(JavaClass c) {
        if (!c.getModifiers().contains(JavaModifier.PUBLIC) || c.isAnonymousClass() || c.isLocalClass()) {
            return false;
        }
        return c.getEnclosingClass().map(SurfaceRules::visible).orElse(true);
    }

    static final DescribedPredicate<JavaClass> PUBLIC_IN_EXPORTED_PACKAGE = DescribedPredicate.describe(
            "are public types of exported packages", c -> visible(c) && exported(c));

    /** No public or protected member of a public type of an exported package mentions an internal type. */
    static ArchRule noInternalTypeInPublicSignatures() {
        return classes().that(PUBLIC_IN_EXPORTED_PACKAGE).should(notExposeInternalTypes())
                .because("internal packages are not exported; a public signature naming one cannot be used "
                        + "from a module and leaks implementation to class-path users");
    }

    private static ArchCondition<JavaClass> notExposeInternalTypes() {
        return new ArchCondition<>("not mention internal types in public signatures") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                List<String> leaks = new ArrayList<>();
                c.getRawSuperclass().filter(s -> !exported(s))
                        .ifPresent(s -> leaks.add("extends " + s.getName()));
                c.getRawInterfaces().stream().filter(i -> !exported(i))
                        .forEach(i -> leaks.add("implements " + i.getName()));
                boolean subclassable = !c.getModifiers().contains(JavaModifier.FINAL) && !c.isRecord() && !c.isEnum();
                for (JavaMember m : c.getMembers()) {
                    boolean open = m.getModifiers().contains(JavaModifier.PUBLIC)
                            || (subclassable && m.getModifiers().contains(JavaModifier.PROTECTED));
                    if (!open || m.getModifiers().contains(JavaModifier.SYNTHETIC)) {
                        continue;
                    }
                    for (JavaClass t : mentioned(m)) {
                        if (!exported(t)) {
                            leaks.add(m.getFullName() + " mentions " + t.getName());
                        }
                    }
                }
                if (leaks.isEmpty()) {
                    events.add(SimpleConditionEvent.satisfied(c, c.getName() + " exposes no internal type"));
                } else {
                    leaks.forEach(l -> events.add(SimpleConditionEvent.violated(c, l)));
                }
            }
        };
    }

    /**
     * No public type has a public static and a public instance method of the same name: a static factory
     * reached through an instance ({@code Csv.defaults().delimiter(';').target("y")}) compiles and silently
     * drops the settings made so far.
     */
    static ArchRule noStaticAndInstanceMethodOfTheSameName() {
        return classes().that(PUBLIC_IN_EXPORTED_PACKAGE).should(new ArchCondition<>(
                "not have a static and an instance method of the same name") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                java.util.Map<String, List<JavaMethod>> byName = new java.util.TreeMap<>();
                for (JavaMethod m : c.getAllMethods()) {
                    if (m.getModifiers().contains(JavaModifier.PUBLIC)
                            && !m.getModifiers().contains(JavaModifier.SYNTHETIC)
                            && !m.getModifiers().contains(JavaModifier.BRIDGE)) {
                        byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
                    }
                }
                byName.forEach((name, methods) -> {
                    boolean anyStatic = methods.stream().anyMatch(m -> m.getModifiers().contains(JavaModifier.STATIC));
                    boolean anyInstance = methods.stream().anyMatch(m -> !m.getModifiers().contains(JavaModifier.STATIC));
                    boolean own = methods.stream().anyMatch(m -> m.getOwner().equals(c));
                    if (anyStatic && anyInstance && own) {
                        events.add(SimpleConditionEvent.violated(c, c.getName() + " has static and instance methods named "
                                + name + ": " + methods.stream().map(JavaMethod::getFullName).sorted().toList()));
                    }
                });
            }
        });
    }

    private static Set<JavaClass> mentioned(JavaMember m) {
        Set<JavaClass> types = new LinkedHashSet<>();
        if (m instanceof JavaField f) {
            types.addAll(f.getType().getAllInvolvedRawTypes());
        } else if (m instanceof JavaCodeUnit u) {
            types.addAll(u.getReturnType().getAllInvolvedRawTypes());
            for (JavaType p : u.getParameterTypes()) {
                types.addAll(p.getAllInvolvedRawTypes());
            }
            u.getThrowsClause().getTypes().forEach(types::add);
        }
        return types;
    }
}
