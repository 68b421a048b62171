package io.jenkins.plugins.hubdeploy.jenkinsrules;

import java.util.ArrayList;
import java.util.List;

/**
 * How Jenkins reads {@code ${%...}} in a Jelly view, reimplemented from the rules of commons-jelly's
 * {@code CompositeExpression.parse} (which text is an expression) and Stapler's
 * {@code InternationalizedStringExpression} (how {@code %key(arg,...)} splits into a message key and JEXL
 * arguments), read in jenkinsci/jelly and jenkinsci/stapler. Written for the tests; no Jenkins code is copied.
 */
public final class JellyMessageExpressions {
    /** Stapler's tokenizer can loop forever; past this many character visits we call it non-terminating. */
    static final int STEP_LIMIT = 1_000_000;

    private JellyMessageExpressions() {
    }

    /** A parsed {@code %...} expression: the message key and the argument texts Jelly would compile as JEXL. */
    public record Message(String key, List<String> arguments) {
    }

    /** Stapler would fail (JellyException) or never answer for this expression. */
    public static final class Unparseable extends Exception {
        private static final long serialVersionUID = 1L;
        public final boolean neverTerminates;

        Unparseable(String message, boolean neverTerminates) {
            super(message);
            this.neverTerminates = neverTerminates;
        }
    }

    /**
     * The expression texts (between {@code ${} and {@code }}) of an attribute value or text node. A text that is
     * exactly one {@code ${...}} up to its first {@code }} is taken whole; otherwise the text is scanned: {@code $$}
     * is a literal dollar, and inside {@code ${...}} a single- or double-quoted run (a backslash consumes itself
     * only) may contain {@code }}.
     */
    public static List<String> expressions(String text) throws Unparseable {
        List<String> found = new ArrayList<>();
        int start = text.indexOf("${");
        if (start < 0) {
            return found;
        }
        int end = text.indexOf('}', start + 2);
        if (end < 0) {
            throw new Unparseable("Missing '}' character at the end of expression: " + text, false);
        }
        if (start == 0 && end == text.length() - 1) {
            found.add(text.substring(2, end));
            return found;
        }
        int len = text.length();
        int cur = 0;
        StringBuilder expr = new StringBuilder();
        while (cur < len) {
            char c = text.charAt(cur);
            if (c == '$' && cur + 1 < len) {
                cur++;
                if (text.charAt(cur) == '{' && cur + 1 < len) {
                    cur++;
                    boolean closed = false;
                    while (cur < len && !closed) {
                        char e = text.charAt(cur);
                        if (e == '"' || e == '\'') {
                            expr.append(e);
                            cur++;
                            while (cur < len) {
                                char q = text.charAt(cur);
                                expr.append(q);
                                cur++;
                                if (q == e) {
                                    break;
                                }
                            }
                        } else if (e == '}') {
                            found.add(expr.toString());
                            expr.setLength(0);
                            cur++;
                            closed = true;
                        } else {
                            expr.append(e);
                            cur++;
                        }
                    }
                    if (closed) {
                        continue;
                    }
                }
            }
            cur++;
        }
        return found;
    }

    /** Splits a {@code %key(arg,arg)} expression the way Stapler does. */
    public static Message message(String expression) throws Unparseable {
        if (!expression.startsWith("%")) {
            throw new IllegalArgumentException(expression + " is not a message expression");
        }
        String text = expression.substring(1);
        int open = text.indexOf('(');
        if (open < 0) {
            return new Message(text, List.of());
        }
        String key = text.substring(0, open);
        List<String> arguments = new ArrayList<>();
        text = text.substring(open + 1);
        while (!text.isEmpty()) {
            String token = token(text, expression);
            arguments.add(token);
            text = text.substring(Math.min(text.length(), token.length() + 1));
        }
        return new Message(key, arguments);
    }

    /**
     * One argument of "arg,arg)": up to the first ',' or ')' outside brackets. A quote jumps to the matching quote;
     * when there is none the scan restarts from the beginning with the bracket depth it had (Stapler's behaviour,
     * which loops forever unless the depth happens to reach zero at a ',' or ')').
     */
    private static String token(String text, String expression) throws Unparseable {
        int depth = 0;
        int steps = 0;
        for (int idx = 0; idx < text.length(); idx++) {
            if (++steps > STEP_LIMIT) {
                throw new Unparseable("Stapler's tokenizer never terminates on " + expression, true);
            }
            char ch = text.charAt(idx);
            switch (ch) {
                case ',':
                    if (depth == 0) {
                        return text.substring(0, idx);
                    }
                    break;
                case '(', '{', '[':
                    depth++;
                    break;
                case ')':
                    if (depth == 0) {
                        return text.substring(0, idx);
                    }
                    depth--;
                    break;
                case '}', ']':
                    depth--;
                    break;
                case '"', '\'':
                    idx = text.indexOf(ch, idx + 1);
                    break;
                default:
                    break;
            }
        }
        throw new Unparseable(expression + " is missing ')' at the end", false);
    }
}
