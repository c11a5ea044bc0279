package dev.taskbed.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Holds taskbed-bom to the reactor: it manages exactly the published modules, those that do not
 * set {@code maven.deploy.skip}, so a new module cannot be published without a managed version
 * (nor an unpublished one be offered to applications); and the consumer projects in
 * {@code examples/} import the BOM of this very version.
 */
class PublishedArtifactsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final XPath XPATH = XPathFactory.newInstance().newXPath();

  @Test
  void the_bom_manages_every_published_module_and_nothing_else() throws Exception {
    Set<String> published = new TreeSet<>();
    for (String module : strings(pom(ROOT), "/project/modules/module")) {
      Document pom = pom(ROOT.resolve(module));
      boolean deployed = !"true".equals(XPATH.evaluate("/project/properties/maven.deploy.skip", pom));
      String artifactId = XPATH.evaluate("/project/artifactId", pom);
      if (deployed && !artifactId.equals("taskbed-bom")) {
        published.add(artifactId);
      }
    }

    Document bom = pom(ROOT.resolve("bom"));
    Set<String> managed = new TreeSet<>(strings(bom,
        "/project/dependencyManagement/dependencies/dependency[groupId='dev.taskbed' and version='${project.version}']/artifactId"));

    assertThat(published).contains("taskbed-api", "taskbed-backend-inmemory").doesNotContain("taskbed-chaos", "taskbed-simulator");
    assertThat(managed).isEqualTo(published);
    assertThat(strings(bom, "/project/dependencyManagement/dependencies/dependency/artifactId")).hasSameSizeAs(managed);
  }

  @Test
  void every_example_imports_the_bom_of_this_build() throws Exception {
    String version = XPATH.evaluate("/project/version", pom(ROOT));
    List<Path> examples;
    try (Stream<Path> dirs = Files.list(ROOT.resolve("examples"))) {
      examples = dirs.filter(dir -> Files.exists(dir.resolve("pom.xml"))).sorted().toList();
    }
    assertThat(examples).isNotEmpty();
    for (Path example : examples) {
      assertThat(strings(pom(example), "/project/dependencyManagement/dependencies/dependency"
          + "[groupId='dev.taskbed' and artifactId='taskbed-bom' and type='pom' and scope='import']/version"))
          .as(example + " imports taskbed-bom " + version)
          .containsExactly(version);
    }
  }

  private static Document pom(Path moduleDir) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(moduleDir.resolve("pom.xml").toFile());
  }

  private static List<String> strings(Document doc, String expression) throws Exception {
    NodeList nodes = (NodeList) XPATH.evaluate(expression, doc, XPathConstants.NODESET);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      values.add(nodes.item(i).getTextContent().trim());
    }
    return values;
  }
}
