package dev.lifecycle.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifecycle.api.data.Row;
import java.lang.module.ModuleDescriptor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Runs in the surefire execution {@code module-path}: the api is a named module there, as hosts on the module path see it. */
@Tag("fast")
@EnabledIfSystemProperty(named = "lifecycle.modulePath", matches = "true")
class ModulePathTest {

    @Test
    void theApiIsANamedModuleThatReadsOnlyTheJdk() {
        Module api = Row.class.getModule();
        assertThat(api.isNamed()).as("tests run on the module path").isTrue();
        assertThat(api.getName()).isEqualTo("dev.lifecycle.api");
        ModuleDescriptor d = api.getDescriptor();
        assertThat(d.requires()).allSatisfy(r -> assertThat(r.name().startsWith("java.")
                || r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
                .as("%s is a JDK module or a static (compile-time) requirement", r.name()).isTrue());
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).contains("dev.lifecycle.api",
                "dev.lifecycle.api.data", "dev.lifecycle.api.model", "dev.lifecycle.api.store");
        assertThat(api.isExported("dev.lifecycle.api.data")).isTrue();
    }
}
