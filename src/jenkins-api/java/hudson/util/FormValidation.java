// Compile-only declaration (a subset, written from ../shared/jenkins-api/signatures.txt, Jenkins 2.479.3).
// Never packaged: the real class comes from Jenkins at runtime. Checked by JenkinsApiConformanceTest.
// Unlike most declarations, ok/warning/error work: they keep the kind and the message, so tests can call a
// descriptor's doCheck... method and read the verdict. (Jenkins also HTML-escapes the message and renders it.)
package hudson.util;

import java.io.IOException;

public abstract class FormValidation extends IOException {
    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return new FormValidation(Kind.OK, null) {
        };
    }

    public static FormValidation warning(String message) {
        return new FormValidation(Kind.WARNING, message) {
        };
    }

    public static FormValidation error(String message) {
        return new FormValidation(Kind.ERROR, message) {
        };
    }

    public enum Kind {
        OK, WARNING, ERROR
    }
}
