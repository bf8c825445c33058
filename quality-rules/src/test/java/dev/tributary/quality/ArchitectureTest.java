package dev.tributary.quality;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Guards the module's package boundaries and annotation rules (house style). */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tributary.quality");
    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("dev.tributary.quality");

    @Test
    void apiDependsOnNeitherBuiltinNorInternal() {
        noClasses().that().resideInAPackage("..quality.api..")
                .should().dependOnClassesThat().resideInAnyPackage("..quality.internal..", "..quality.builtin..")
                .check(MAIN);
    }

    /** Rules are usable without the composer or the Flink operators (internal operators take a RuleSet). */
    @Test
    void builtinRulesDependOnlyOnTheApiAndTheExpressionLanguage() {
        noClasses().that().resideInAPackage("..quality.builtin..")
                .should().dependOnClassesThat().resideInAPackage("dev.tributary.quality")
                .orShould().dependOnClassesThat().resideInAnyPackage(
                        "dev.tributary.quality.internal", "org.apache.flink.streaming..")
                .check(MAIN);
    }

    @Test
    void publicTopLevelTypesAreAnnotated() {
        classes().that().arePublic().and().areTopLevelClasses()
                .should().beAnnotatedWith(PublicEvolving.class)
                .orShould().beAnnotatedWith(Experimental.class)
                .orShould().beAnnotatedWith(Internal.class)
                .check(MAIN);
    }

    @Test
    void internalPackageIsInternal() {
        classes().that().resideInAPackage("..quality.internal..").and().arePublic().and().areTopLevelClasses()
                .should().beAnnotatedWith(Internal.class)
                .check(MAIN);
    }

    @Test
    void noJUnit4() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.junit")
                .orShould().dependOnClassesThat().resideInAPackage("junit..")
                .check(TESTS);
    }
}
