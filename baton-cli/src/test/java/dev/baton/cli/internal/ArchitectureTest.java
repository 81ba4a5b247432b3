package dev.baton.cli.internal;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The module rules of docs/architecture.md, checked over every Baton module's main classes (this
 * module depends on all of them, so its test class path holds them all):
 *
 * <ul>
 *   <li>sdk-api never sees a vendor type;
 *   <li>providers never depend on each other;
 *   <li>nothing outside a module touches its {@code internal} packages, except the modules a
 *       package is exported to by name in the owner's {@code module-info} ({@code exports p to m});
 *       the qualified exports are read from the compiled descriptors.
 * </ul>
 */
@AnalyzeClasses(packages = "dev.baton", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** Each module's root package. {@code dev.baton} is sdk-api: its own two packages only. */
  private static final List<String> PROVIDERS =
      List.of("dev.baton.oci", "dev.baton.aws", "dev.baton.atmos", "dev.baton.github");

  private static final String[] API_PACKAGES = {
    "dev.baton", "dev.baton.spi..", "dev.baton.internal.."
  };
  private static final List<String> MODULES =
      List.of(
          "dev.baton.oci",
          "dev.baton.aws",
          "dev.baton.atmos",
          "dev.baton.github",
          "dev.baton.testkit",
          "dev.baton.cli");

  /** The rules below would pass on nothing; this makes sure every module's classes were read. */
  @ArchTest
  static void everyModuleIsImported(JavaClasses classes) {
    for (String p :
        List.of(
            "dev.baton",
            "dev.baton.spi",
            "dev.baton.oci",
            "dev.baton.aws",
            "dev.baton.atmos",
            "dev.baton.github",
            "dev.baton.testkit",
            "dev.baton.cli")) {
      if (!classes.containPackage(p)) {
        throw new AssertionError("no class of package " + p + " was imported");
      }
    }
  }

  @ArchTest
  static final ArchRule apiSeesNoVendorType =
      noClasses()
          .that()
          .resideInAnyPackage(API_PACKAGES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("software.amazon..", "com.fasterxml..", "org.eclipse.jgit..")
          .because("sdk-api never sees a vendor type (docs/architecture.md)");

  @ArchTest
  static final ArchRule commandLeavesEcsOut =
      noClasses()
          .that()
          .resideInAPackage("dev.baton.cli..")
          .should()
          .transitivelyDependOnClassesThat()
          .resideInAPackage("software.amazon.awssdk.services.ecs..")
          .because("baton.jar leaves the ECS client out (pom.xml, shade artifactSet)");

  @ArchTest static final ArchRule providersAreIndependent = providersIndependent();

  @ArchTest static final ArchRule internalsStayInTheirModule = internalsPrivate();

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
      rules.add(
          noClasses()
              .that()
              .resideInAPackage(provider + "..")
              .should()
              .dependOnClassesThat()
              .resideInAnyPackage(others.toArray(String[]::new))
              .because("providers never depend on each other (docs/architecture.md)")
              .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules);
  }

  private static ArchRule internalsPrivate() {
    Map<String, List<String>> qualified = qualifiedExports();
    String[] shared = qualified.keySet().toArray(String[]::new);
    List<ArchRule> rules = new ArrayList<>();
    rules.add(
        noClasses()
            .that()
            .resideOutsideOfPackages(API_PACKAGES)
            .should()
            .dependOnClassesThat(unshared("dev.baton.internal..", shared))
            .because("sdk-api's internal packages are not for other modules"));
    for (String module : MODULES) {
      rules.add(
          noClasses()
              .that()
              .resideOutsideOfPackage(module + "..")
              .should()
              .dependOnClassesThat(unshared(module + ".internal..", shared))
              .because(module + ".internal is not exported; nothing outside its module may use it")
              .allowEmptyShould(true));
    }
    qualified.forEach(
        (pkg, allowed) ->
            rules.add(
                noClasses()
                    .that()
                    .resideOutsideOfPackages(allowed.toArray(String[]::new))
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(pkg)
                    .because(pkg + " is exported only to " + allowed)
                    .allowEmptyShould(true)));
    return CompositeArchRule.of(rules);
  }

  private static DescribedPredicate<JavaClass> unshared(String internal, String[] shared) {
    return resideInAPackage(internal)
        .and(not(resideInAnyPackage(shared)))
        .as("classes in " + internal + " not exported to other modules");
  }

  /**
   * @return each package a Baton module exports to named modules only, with the packages allowed to
   *     use it: its own module's and those of the modules it is exported to
   */
  private static Map<String, List<String>> qualifiedExports() {
    Map<String, List<String>> out = new TreeMap<>();
    try {
      for (URL url :
          Collections.list(
              ArchitectureTest.class.getClassLoader().getResources("module-info.class"))) {
        ModuleDescriptor d;
        try (InputStream in = url.openStream()) {
          d = ModuleDescriptor.read(in);
        }
        if (!d.name().startsWith("dev.baton")) {
          continue;
        }
        for (ModuleDescriptor.Exports e : d.exports()) {
          if (e.isQualified()) {
            List<String> allowed = new ArrayList<>(packagesOf(d.name()));
            e.targets().forEach(t -> allowed.addAll(packagesOf(t)));
            out.put(e.source(), allowed);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** A module's packages: its name's and below ({@code dev.baton} is sdk-api's own). */
  private static List<String> packagesOf(String module) {
    return module.equals("dev.baton") ? List.of(API_PACKAGES) : List.of(module + "..");
  }
}
