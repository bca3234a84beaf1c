package io.breakoutbot.ops;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameEndingWith;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import ch.qos.logback.core.AsyncAppenderBase;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitCallTarget;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.net.http.HttpClient;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.stream.BaseStream;

/**
 * The arrows between packages. Features (logs, lifecycle, alerts, monitoring, backup, security) stand on a
 * small base; health, metrics, cli and startup compose them; nothing points back up. Then where threads come
 * from: inside the server, only from the container.
 */
@AnalyzeClasses(packages = "io.breakoutbot.ops", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] BASE = {
        "io.breakoutbot.ops",
        "io.breakoutbot.ops.config..",
        "io.breakoutbot.ops.files..",
        "io.breakoutbot.ops.jobs..",
        "io.breakoutbot.ops.audit..",
        "io.breakoutbot.ops.jmx..",
        "io.breakoutbot.ops.api.."
    };

    private static final String[] FEATURES = {
        "io.breakoutbot.ops.logs..",
        "io.breakoutbot.ops.lifecycle..",
        "io.breakoutbot.ops.alerts..",
        "io.breakoutbot.ops.monitoring..",
        "io.breakoutbot.ops.backup..",
        "io.breakoutbot.ops.security..",
        "io.breakoutbot.ops.bot..",
        "io.breakoutbot.ops.fleet.."
    };

    private static final String[] COMPOSERS = {
        "io.breakoutbot.ops.health..",
        "io.breakoutbot.ops.metrics..",
        "io.breakoutbot.ops.cli..",
        "io.breakoutbot.ops.startup.."
    };

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("io.breakoutbot.ops.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule baseImportsNoFeature = noClasses()
            .that()
            .resideInAnyPackage(BASE)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(FEATURES, COMPOSERS))
            .because("the base is what every feature shares, so it cannot know any of them");

    @ArchTest
    static final ArchRule featuresImportNoComposer = noClasses()
            .that()
            .resideInAnyPackage(FEATURES)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(COMPOSERS)
            .because("each feature is handed its settings and is composed from above, never the reverse");

    @ArchTest
    static final ArchRule onlyStartupUsesTheWholeSettings = noClasses()
            .that()
            .resideOutsideOfPackages("io.breakoutbot.ops.startup..", "io.breakoutbot.ops.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.breakoutbot.ops.startup..")
            .because("a feature injects its own settings record, produced in startup; cli is a top-level composer "
                    + "like startup, and opsctl --offline, with no server to hand it the settings, loads and checks "
                    + "them as a start does");

    /** Only {@code jmx/opsctl} runs outside the server, so only it may make threads of its own. */
    private static final String OUTSIDE_THE_SERVER = "io.breakoutbot.ops.cli..";

    @ArchTest
    static final ArchRule threadsComeFromAHandedInFactory = noClasses()
            .that()
            .resideOutsideOfPackage(OUTSIDE_THE_SERVER)
            .should()
            .callConstructorWhere(target(owner(assignableTo(Thread.class))))
            .orShould()
            .callMethodWhere(target(owner(type(Thread.class)))
                    .and(target(nameMatching("ofPlatform|ofVirtual|startVirtualThread"))))
            .orShould()
            .callMethodWhere(target(owner(type(Executors.class))).and(not(target(takes(ThreadFactory.class)))))
            .because("inside the server every thread comes from the container's ManagedThreadFactory, injected in "
                    + "a boundary bean and handed down as a ThreadFactory (see jobs.NamedThreads)");

    @ArchTest
    static final ArchRule nothingRunsOnTheCommonPool = noClasses()
            .that()
            .resideOutsideOfPackage(OUTSIDE_THE_SERVER)
            .should()
            .callMethodWhere(target(name("parallelStream")))
            .orShould()
            .callMethodWhere(target(owner(assignableTo(BaseStream.class))).and(target(name("parallel"))))
            .orShould()
            .callMethodWhere(target(owner(type(CompletableFuture.class)))
                    .and(target(nameEndingWith("Async")))
                    .and(not(target(takes(Executor.class)))))
            .orShould()
            .callMethod(ForkJoinPool.class, "commonPool")
            .orShould()
            .callConstructorWhere(target(owner(assignableTo(ForkJoinPool.class))))
            .because("the common ForkJoinPool's threads, and a pool's own, are the JVM's, not the container's; "
                    + "hand work to an executor built on a handed-in ThreadFactory");

    @ArchTest
    static final ArchRule noLibraryStartsThreadsOfItsOwn = noClasses()
            .that()
            .resideOutsideOfPackage(OUTSIDE_THE_SERVER)
            .should()
            .dependOnClassesThat()
            .areAssignableTo(AsyncAppenderBase.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(HttpClient.class)
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Timer.class)
            .because("each starts a thread of its own that no factory can supply: logback's AsyncAppender its "
                    + "worker (logs.LogQueue replaces it), the JDK's HttpClient its selector (alerts.WebhookSender "
                    + "uses HttpURLConnection), java.util.Timer its timer thread (use an EJB timer)");

    @ArchTest
    static final ArchRule namesSayWhatTheyAre = classes()
            .should()
            .haveSimpleNameNotEndingWith("Impl")
            .andShould()
            .haveSimpleNameNotEndingWith("Manager")
            .andShould()
            .haveSimpleNameNotEndingWith("Util")
            .andShould()
            .haveSimpleNameNotEndingWith("Utils")
            .andShould()
            .haveSimpleNameNotEndingWith("Helper");

    private static DescribedPredicate<CodeUnitCallTarget> takes(Class<?> parameter) {
        return describe(
                "takes a " + parameter.getSimpleName(),
                t -> t.getRawParameterTypes().stream().anyMatch(p -> p.isAssignableTo(parameter)));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
