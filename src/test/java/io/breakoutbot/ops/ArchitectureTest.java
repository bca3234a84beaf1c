package io.breakoutbot.ops;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The arrows between packages. Features (logs, lifecycle, alerts, monitoring, backup, security) stand on a
 * small base; health, metrics, cli and startup compose them; nothing points back up.
 */
@AnalyzeClasses(packages = "io.breakoutbot.ops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] BASE = {"io.breakoutbot.ops", "io.breakoutbot.ops.config..",
            "io.breakoutbot.ops.files..", "io.breakoutbot.ops.jobs..", "io.breakoutbot.ops.audit..",
            "io.breakoutbot.ops.jmx..", "io.breakoutbot.ops.api.."};

    private static final String[] FEATURES = {"io.breakoutbot.ops.logs..", "io.breakoutbot.ops.lifecycle..",
            "io.breakoutbot.ops.alerts..", "io.breakoutbot.ops.monitoring..", "io.breakoutbot.ops.backup..",
            "io.breakoutbot.ops.security.."};

    private static final String[] COMPOSERS = {"io.breakoutbot.ops.health..", "io.breakoutbot.ops.metrics..",
            "io.breakoutbot.ops.cli..", "io.breakoutbot.ops.startup.."};

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.breakoutbot.ops.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule baseImportsNoFeature = noClasses().that().resideInAnyPackage(BASE)
            .should().dependOnClassesThat().resideInAnyPackage(concat(FEATURES, COMPOSERS))
            .because("the base is what every feature shares, so it cannot know any of them");

    @ArchTest
    static final ArchRule featuresImportNoComposer = noClasses().that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAnyPackage(COMPOSERS)
            .because("each feature is handed its settings and is composed from above, never the reverse");

    @ArchTest
    static final ArchRule onlyStartupUsesTheWholeSettings = noClasses()
            .that().resideOutsideOfPackages("io.breakoutbot.ops.startup..", "io.breakoutbot.ops.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.breakoutbot.ops.startup..")
            .because("a feature injects its own settings record, produced in startup; cli is a top-level composer "
                    + "like startup, and opsctl --offline, with no server to hand it the settings, loads and checks "
                    + "them as a start does");

    @ArchTest
    static final ArchRule namesSayWhatTheyAre = classes().should().haveSimpleNameNotEndingWith("Impl")
            .andShould().haveSimpleNameNotEndingWith("Manager").andShould().haveSimpleNameNotEndingWith("Util")
            .andShould().haveSimpleNameNotEndingWith("Utils").andShould().haveSimpleNameNotEndingWith("Helper");

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
