package io.jenkins.plugins.hubdeploy.smoke;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * JUnit XML in the form Jenkins' {@code junit} step reads: one {@code <testsuite>} per hub, a {@code <testcase>} per
 * check (classname = hub / spawn / kernel / import / notebook path), {@code <failure>} with the message and the
 * traceback, {@code <skipped>}, the spawn progress as the suite's {@code <system-out>}.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    public static String toXml(List<SmokeReport> reports) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "hubdeploy smoke");
            xml.writeAttribute("tests", Long.toString(reports.stream().mapToLong(r -> r.checks().size()).sum()));
            xml.writeAttribute("failures", Long.toString(reports.stream()
                    .mapToLong(r -> r.count(CheckResult.Status.FAILED)).sum()));
            xml.writeAttribute("skipped", Long.toString(reports.stream()
                    .mapToLong(r -> r.count(CheckResult.Status.SKIPPED)).sum()));
            for (SmokeReport report : reports) {
                suite(xml, report);
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return out + "\n";
    }

    public static void write(SmokeReport report, OutputStream out) throws IOException {
        out.write(toXml(List.of(report)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void suite(XMLStreamWriter xml, SmokeReport report) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "smoke " + report.hubUrl());
        xml.writeAttribute("tests", Integer.toString(report.checks().size()));
        xml.writeAttribute("failures", Long.toString(report.count(CheckResult.Status.FAILED)));
        xml.writeAttribute("errors", "0");
        xml.writeAttribute("skipped", Long.toString(report.count(CheckResult.Status.SKIPPED)));
        xml.writeAttribute("time", seconds(report.millis()));
        xml.writeAttribute("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        xml.writeAttribute("hostname", hostname());
        xml.writeCharacters("\n    ");
        xml.writeStartElement("properties");
        property(xml, "hub.url", report.hubUrl());
        property(xml, "hub.version", report.hubVersion() == null ? "unknown" : report.hubVersion());
        property(xml, "attempts", Integer.toString(report.attempts().size()));
        for (AttemptRecord attempt : report.attempts()) {
            property(xml, "attempt." + attempt.number(), attempt.outcome()
                    + (attempt.reason() == null ? "" : ": " + attempt.reason()));
        }
        if (report.load() != null) {
            property(xml, "spawn.latency", report.load().toString());
        }
        xml.writeEndElement();
        for (CheckResult check : report.checks()) {
            xml.writeCharacters("\n    ");
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", check.group());
            xml.writeAttribute("name", check.name());
            xml.writeAttribute("time", seconds(check.millis()));
            if (check.status() == CheckResult.Status.FAILED) {
                xml.writeStartElement("failure");
                xml.writeAttribute("message", clean(check.message()));
                xml.writeAttribute("type", type(check.message()));
                String body = check.detail() == null || check.detail().isEmpty() ? check.message() : check.detail();
                xml.writeCharacters(clean(body));
                xml.writeEndElement();
            } else if (check.status() == CheckResult.Status.SKIPPED) {
                xml.writeEmptyElement("skipped");
                xml.writeAttribute("message", clean(check.message()));
            }
            if (check.output() != null && !check.output().isEmpty()) {
                xml.writeStartElement("system-out");
                xml.writeCharacters(clean(check.output()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(clean(String.join("\n", report.progress())));
        xml.writeEndElement();
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", clean(value));
    }

    /** "ModuleNotFoundError: No module ..." -> "ModuleNotFoundError"; otherwise a generic type. */
    private static String type(String message) {
        if (message != null) {
            int colon = message.indexOf(':');
            if (colon > 0 && message.substring(0, colon).matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                return message.substring(0, colon);
            }
        }
        return "SmokeCheckFailure";
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Removes characters XML 1.0 cannot carry (terminal control codes in tracebacks). */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || c >= 0x10000 && c <= 0x10FFFF) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
