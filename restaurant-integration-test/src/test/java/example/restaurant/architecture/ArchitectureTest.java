package example.restaurant.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The dependency rule of the design, read as sentences. */
@AnalyzeClasses(packages = "example.restaurant", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule the_domain_depends_on_nothing_but_itself_and_the_jdk =
      classes()
          .that().resideInAPackage("example.restaurant.domain..")
          .should().onlyDependOnClassesThat().resideInAnyPackage("example.restaurant.domain..", "java..");

  @ArchTest
  static final ArchRule the_application_knows_no_framework =
      noClasses()
          .that().resideInAPackage("example.restaurant.application..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "org.springframework..", "com.mongodb..", "org.bson..", "com.fasterxml..", "tools.jackson..",
              "jakarta..", "example.restaurant.mongo..", "example.restaurant.api..");

  @ArchTest
  static final ArchRule the_mongo_adapters_do_not_depend_on_the_api =
      noClasses()
          .that().resideInAPackage("example.restaurant.mongo..")
          .should().dependOnClassesThat().resideInAPackage("example.restaurant.api..");

  @ArchTest
  static final ArchRule the_mongo_adapters_know_no_spring_mvc =
      noClasses()
          .that().resideInAPackage("example.restaurant.mongo..")
          .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..");

  @ArchTest
  static final ArchRule no_package_cycles =
      slices().matching("example.restaurant.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule no_cycles_between_capabilities_inside_a_module =
      slices().matching("example.restaurant.(*).(*)..").should().beFreeOfCycles();
}
