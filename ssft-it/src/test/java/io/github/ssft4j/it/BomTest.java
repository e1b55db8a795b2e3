package io.github.ssft4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM has no parent, so it repeats a few of the parent's versions: they must stay equal, and every module the
 * release publishes must be in it.
 */
class BomTest {
  private static final Path ROOT = Path.of(System.getProperty("ssft.root", ".."));

  @Test
  void everyThirdPartyVersionInTheBomIsTheParentsVersion() throws Exception {
    Map<String, String> bom = properties(read(ROOT.resolve("ssft-bom/pom.xml")));
    Map<String, String> parent = properties(read(ROOT.resolve("pom.xml")));
    assertFalse(bom.isEmpty());
    bom.forEach((name, version) ->
        assertEquals(parent.get(name), version, "ssft-bom's " + name + " differs from the parent's"));
  }

  @Test
  void theBomManagesEveryPublishedModule() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    Set<String> unpublished = Set.of(text(parent, "excludeArtifacts").split(","));
    List<String> managed = new ArrayList<>();
    NodeList ids = read(ROOT.resolve("ssft-bom/pom.xml")).getElementsByTagName("artifactId");
    for (int i = 0; i < ids.getLength(); i++) {
      managed.add(ids.item(i).getTextContent().trim());
    }
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String module = modules.item(i).getTextContent().trim();
      String artifactId = text(read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement(), "artifactId");
      if (!unpublished.contains(artifactId) && !artifactId.equals("ssft-bom")) {
        assertTrue(managed.contains(artifactId), "the published module " + artifactId + " is missing from ssft-bom");
      }
    }
  }

  private static Map<String, String> properties(Document pom) {
    Map<String, String> out = new LinkedHashMap<>();
    Node props = pom.getDocumentElement().getElementsByTagName("properties").item(0);
    NodeList children = props.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e) {
        out.put(e.getTagName(), e.getTextContent().trim());
      }
    }
    return out;
  }

  /** @return the text of the first direct child of {@code parent} named {@code tag} */
  private static String text(Element parent, String tag) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().trim();
      }
    }
    throw new AssertionError("no <" + tag + "> in " + parent.getTagName());
  }

  private static String text(Document doc, String tag) {
    return doc.getElementsByTagName(tag).item(0).getTextContent().trim();
  }

  private static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }
}
