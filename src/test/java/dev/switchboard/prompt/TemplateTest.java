package dev.switchboard.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.api.Json;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The logic-less template: variables inserted as text, never evaluated; anything else refused at parse time. */
class TemplateTest {
  private static JsonNode values(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String render(String template, String json) {
    return Template.parse(template).render(values(json));
  }

  @Test
  void variablesAreInsertedAsPlainTextWithoutEscaping() {
    assertEquals("Hi <b>Ann</b> & \"co\"!", render("Hi {{name}}!", "{\"name\":\"<b>Ann</b> & \\\"co\\\"\"}"));
    assertEquals("3 items, true, 2.5", render("{{n}} items, {{flag}}, {{x}}", "{\"n\":3,\"flag\":true,\"x\":2.5}"));
    assertEquals("city: Paris", render("city: {{address.city}}", "{\"address\":{\"city\":\"Paris\"}}"));
    assertEquals("{\"a\":1}", render("{{obj}}", "{\"obj\":{\"a\":1}}"), "objects render as JSON");
  }

  @Test
  void missingVariablesRenderAsNothing() {
    assertEquals("Hello !", render("Hello {{name}}!", "{}"));
    assertEquals("", render("{{a.b.c}}", "{\"a\":{}}"));
  }

  @Test
  void valuesAreNeverEvaluatedOrReadAsTemplates() {
    String hostile = "{{secret}} ${java.home} #{1+1} {{7*7}} <%= x %>";
    String json = "{\"text\":" + Json.MAPPER.getNodeFactory().textNode(hostile) + ",\"secret\":\"s3cret\"}";
    assertEquals("say: " + hostile, render("say: {{text}}", json), "the value's {{secret}} is text, not a tag");
  }

  @Test
  void lineBreaksInValuesStayLiteral() {
    assertEquals("a\r\nb\nc", render("{{v}}", "{\"v\":\"a\\r\\nb\\nc\"}"));
  }

  @Test
  void templateTextThatLooksLikeOtherEnginesIsLiteral() {
    assertEquals("${x} #{y} <%= z %> 1", render("${x} #{y} <%= z %> {{n}}", "{\"n\":1}"));
  }

  @Test
  void expressionsAndOtherTagsAreRefusedWhenParsed() {
    for (String bad : new String[] {"{{7*7}}", "{{a + b}}", "{{> partial}}", "{{{raw}}}", "{{&raw}}", "{{! comment}}",
        "{{name | upper}}", "{{getClass()}}", "{{=<% %>=}}"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Template.parse("x " + bad), bad);
      assertTrue(e.getMessage().contains("is not a variable"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Template.parse("{{#items}}never closed"));
    assertThrows(IllegalArgumentException.class, () -> Template.parse("{{/items}}"));
    assertThrows(IllegalArgumentException.class, () -> Template.parse("{{unclosed"));
  }

  @Test
  void sectionsRepeatOverArraysAndGuardOptionalParts() {
    String template = "{{#items}}- {{name}} ({{qty}})\n{{/items}}{{^items}}nothing{{/items}}{{#note}}Note: {{note}}{{/note}}";
    assertEquals("- a (1)\n- b (2)\nNote: hi",
        render(template, "{\"items\":[{\"name\":\"a\",\"qty\":1},{\"name\":\"b\",\"qty\":2}],\"note\":\"hi\"}"));
    assertEquals("nothing", render(template, "{\"items\":[]}"));
    assertEquals("x, y, ", render("{{#tags}}{{.}}, {{/tags}}", "{\"tags\":[\"x\",\"y\"]}"));
  }

  @Test
  void variablesListsTheTopLevelNames() {
    assertEquals(Set.of("a", "items", "b"), Template.parse("{{a.x}} {{#items}}{{name}}{{/items}} {{^b}}-{{/b}}").variables());
  }
}
