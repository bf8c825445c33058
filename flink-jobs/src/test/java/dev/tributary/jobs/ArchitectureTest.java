package dev.tributary.jobs;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Guards the library's boundaries (house style, as the Kafka connector and quality-rules do): the
 * library's main code knows no demo, definitions know no runtime, public API exposes no internals, and
 * tests use JUnit 5 only. The demo ({@code dev.tributary.demo}) is a plug-in of the library like any
 * user's jar; tests may use its generated data.
 */
class ArchitectureTest {
    /** The main classes of every library module: flink-jobs, common-transforms, quality-rules. */
    private static final JavaClasses LIBRARY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("tributary-demo") && !location.contains("/demo/"))
            .importPackages("dev.tributary.jobs", "dev.tributary.transforms", "dev.tributary.quality");
    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("dev.tributary");

    @Test
    void noLibraryCodeDependsOnTheDemo() {
        noClasses().should().dependOnClassesThat().resideInAPackage("dev.tributary.demo..")
                .because("the demo (generator, reference pipeline) plugs into the library through its SPIs,"
                        + " like any user's jar; the library must not need it")
                .check(LIBRARY);
    }

    @Test
    void definitionsDependOnNoRuntimePackage() {
        noClasses().that().resideInAPackage("dev.tributary.jobs.definition..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tributary.jobs.bronze..",
                        "dev.tributary.jobs.compose..", "dev.tributary.jobs.cli..", "dev.tributary.jobs.blocks..",
                        "dev.tributary.jobs.ops..")
                .because("parsing and validating a definition must not pull in the jobs that run it")
                .check(LIBRARY);
    }

    @Test
    void publicTopLevelTypesAreAnnotated() {
        classes().that().arePublic().and().areTopLevelClasses().and().resideInAPackage("dev.tributary.jobs..")
                .should().beAnnotatedWith(PublicEvolving.class)
                .orShould().beAnnotatedWith(Experimental.class)
                .orShould().beAnnotatedWith(Internal.class)
                .check(LIBRARY);
    }

    /**
     * A user can only call what they can name: a public method, constructor or field of a
     * {@code @PublicEvolving} type that takes, returns or throws an {@code @Internal} type makes that
     * internal type public API in all but name. A member marked {@code @Internal} itself (as Flink marks
     * members of its public classes that only its own runtime calls) is not API.
     */
    @Test
    void noPublicEvolvingSignatureExposesAnInternalType() {
        classes().that(publicApi()).should(exposeNoInternalType()).check(LIBRARY);
    }

    @Test
    void noJUnit4() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.junit")
                .orShould().dependOnClassesThat().resideInAPackage("junit..")
                .check(TESTS);
    }

    private static DescribedPredicate<JavaClass> publicApi() {
        return new DescribedPredicate<>("public @PublicEvolving/@Experimental types (and their public nested types)") {
            @Override
            public boolean test(JavaClass c) {
                return c.getModifiers().contains(JavaModifier.PUBLIC) && isPublicApi(c);
            }
        };
    }

    static boolean isPublicApi(JavaClass c) {
        if (c.isAnnotatedWith(Internal.class)) {
            return false;
        }
        if (c.isAnnotatedWith(PublicEvolving.class) || c.isAnnotatedWith(Experimental.class)) {
            return true;
        }
        return c.getEnclosingClass().map(o -> o.getModifiers().contains(JavaModifier.PUBLIC) && isPublicApi(o)).orElse(false);
    }

    private static boolean isInternal(JavaClass c) {
        JavaClass base = c.getBaseComponentType();
        if (!base.getPackageName().startsWith("dev.tributary")) {
            return false;
        }
        if (base.isAnnotatedWith(Internal.class)) {
            return true;
        }
        return base.getEnclosingClass().map(ArchitectureTest::isInternal).orElse(false);
    }

    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no @Internal type in a public signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                for (JavaCodeUnit unit : c.getCodeUnits()) {
                    if (!unit.getModifiers().contains(JavaModifier.PUBLIC) && !unit.getModifiers().contains(JavaModifier.PROTECTED)
                            || unit.isAnnotatedWith(Internal.class)) {
                        continue;
                    }
                    Set<JavaClass> used = new LinkedHashSet<>();
                    addAll(used, unit.getReturnType());
                    unit.getParameterTypes().forEach(t -> addAll(used, t));
                    unit.getThrowsClause().getTypes().forEach(used::add);
                    for (JavaClass t : used) {
                        if (isInternal(t)) {
                            events.add(SimpleConditionEvent.violated(unit, unit.getFullName() + " exposes @Internal "
                                    + t.getName()));
                        }
                    }
                }
                for (JavaField f : c.getFields()) {
                    if (f.getModifiers().contains(JavaModifier.PUBLIC) && !f.isAnnotatedWith(Internal.class)) {
                        Set<JavaClass> used = new LinkedHashSet<>();
                        addAll(used, f.getType());
                        for (JavaClass t : used) {
                            if (isInternal(t)) {
                                events.add(SimpleConditionEvent.violated(f, f.getFullName() + " exposes @Internal " + t.getName()));
                            }
                        }
                    }
                }
            }
        };
    }

    /** The type and every type in its generic arguments ({@code Map<String, InternalThing>}). */
    private static void addAll(Set<JavaClass> into, JavaType type) {
        type.getAllInvolvedRawTypes().forEach(into::add);
    }
}
