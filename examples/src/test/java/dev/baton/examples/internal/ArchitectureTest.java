package dev.baton.examples.internal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The module rules of DESIGN.md, checked over every Baton module's main classes (this module
 * depends on all of them, so its test class path holds them all):
 *
 * <ul>
 *   <li>sdk-api never sees a vendor type;
 *   <li>providers never depend on each other;
 *   <li>nothing outside a module touches its {@code internal} package, except sdk-api's, which
 *       its module-info exports to the modules in {@code INTERNAL_READERS} only.
 * </ul>
 */
@AnalyzeClasses(packages = "dev.baton", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** Each module's root package. {@code dev.baton} is sdk-api: its own two packages only. */
  private static final List<String> PROVIDERS = List.of("dev.baton.oci", "dev.baton.aws",
      "dev.baton.atmos", "dev.baton.github");
  private static final String[] API_PACKAGES = {"dev.baton", "dev.baton.spi..",
      "dev.baton.internal.."};
  /** The modules sdk-api's module-info exports {@code dev.baton.internal} to. */
  private static final String[] INTERNAL_READERS = {"dev.baton.oci..", "dev.baton.aws..",
      "dev.baton.testkit..", "dev.baton.examples.."};
  private static final List<String> MODULES = List.of("dev.baton.oci", "dev.baton.aws",
      "dev.baton.atmos", "dev.baton.github", "dev.baton.testkit", "dev.baton.examples");

  /** The rules below would pass on nothing; this makes sure every module's classes were read. */
  @ArchTest
  static void everyModuleIsImported(JavaClasses classes) {
    for (String p : List.of("dev.baton", "dev.baton.spi", "dev.baton.oci", "dev.baton.aws",
        "dev.baton.atmos", "dev.baton.github", "dev.baton.testkit", "dev.baton.examples")) {
      if (!classes.containPackage(p)) {
        throw new AssertionError("no class of package " + p + " was imported");
      }
    }
  }

  @ArchTest
  static final ArchRule apiSeesNoVendorType = noClasses()
      .that().resideInAnyPackage(API_PACKAGES)
      .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.fasterxml..",
          "org.eclipse.jgit..")
      .because("sdk-api never sees a vendor type (DESIGN.md, Modules)");

  @ArchTest
  static final ArchRule providersAreIndependent = providersIndependent();

  @ArchTest
  static final ArchRule internalsStayInTheirModule = internalsPrivate();

  private static ArchRule providersIndependent() {
    List<ArchRule> rules = new ArrayList<>();
    for (String provider : PROVIDERS) {
      List<String> others = new ArrayList<>();
      for (String other : PROVIDERS) {
        if (!other.equals(provider)) {
          others.add(other + "..");
        }
      }
      // A provider still being written may have no class yet; that is no violation.
      rules.add(noClasses().that().resideInAPackage(provider + "..")
          .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
          .because("providers never depend on each other (DESIGN.md, Modules)")
          .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules);
  }

  private static ArchRule internalsPrivate() {
    List<ArchRule> rules = new ArrayList<>();
    List<String> apiAndReaders = new ArrayList<>(List.of(API_PACKAGES));
    apiAndReaders.addAll(List.of(INTERNAL_READERS));
    rules.add(noClasses().that().resideOutsideOfPackages(apiAndReaders.toArray(String[]::new))
        .should().dependOnClassesThat().resideInAPackage("dev.baton.internal..")
        .because("sdk-api's internal package is exported only to the modules that need it"));
    for (String module : MODULES) {
      rules.add(noClasses().that().resideOutsideOfPackage(module + "..")
          .should().dependOnClassesThat().resideInAPackage(module + ".internal..")
          .because(module + ".internal is not exported; nothing outside its module may use it")
          .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules);
  }
}
