package org.citykpi.report;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.citykpi.common.CityKpiException;

/**
 * Renders a report model to one self-contained HTML page (inline CSS and SVG, no external
 * reference) with the Pebble templates of {@code templates/}: {@code <kind>.html} extends {@code
 * layout.html}. Auto-escaping is on, undefined variables fail.
 */
final class HtmlRenderer {
  private HtmlRenderer() {}

  static String render(ReportKind kind, Object model, Cover cover, Lang lang, ReportRefs refs) {
    Messages messages = Messages.of(lang);
    Fmt fmt = new Fmt(messages);
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("templates");
    PebbleEngine engine =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .strictVariables(true)
            .newLineTrimming(true)
            .cacheActive(false)
            .extension(new ReportExtension(fmt, refs))
            .build();
    PebbleTemplate template = engine.getTemplate(kind.code() + ".html");
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("m", model);
    context.put("cover", cover);
    context.put("kind", kind.code());
    context.put("lang", lang.htmlLang());
    context.put("langCode", lang.code());
    context.put("statuses", Status.values());
    context.put("evaluation", refs.evaluation());
    StringWriter out = new StringWriter();
    try {
      template.evaluate(out, context);
    } catch (IOException e) {
      throw new CityKpiException("Cannot render " + kind.code() + ".html: " + e.getMessage(), e);
    }
    return out.toString();
  }
}
