package dev.tributary.quality.internal.expression;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;

/** A lexical token of the rule expression language, and the lexer that produces them. */
@Internal
final class Token {
    enum Kind {
        IDENT,
        QUOTED_IDENT,
        NUMBER,
        STRING,
        OP,
        EOF
    }

    final Kind kind;
    final String text;
    /** 1-based position of the first character. */
    final int pos;

    Token(Kind kind, String text, int pos) {
        this.kind = kind;
        this.text = text;
        this.pos = pos;
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    boolean isOp(String op) {
        return kind == Kind.OP && text.equals(op);
    }

    String describe() {
        return kind == Kind.EOF ? "end of expression" : "'" + text + "'";
    }

    static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i), start + 1));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
                    i++;
                    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                        i++;
                    }
                    while (i < s.length() && Character.isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i), start + 1));
            } else if (c == '\'' || c == '"' || c == '`') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new ExpressionException(start + 1, "unterminated " + (c == '\'' ? "string" : "quoted name"));
                    }
                    char d = s.charAt(i);
                    if (d == c) {
                        if (i + 1 < s.length() && s.charAt(i + 1) == c) {
                            sb.append(c); // doubled quote escapes itself, as in SQL
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(d);
                    i++;
                }
                out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_IDENT, sb.toString(), start + 1));
            } else if ("<>!=".indexOf(c) >= 0) {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=")) {
                    out.add(new Token(Kind.OP, two, start + 1));
                    i += 2;
                } else if (c == '!') {
                    throw new ExpressionException(start + 1, "unexpected character '!' (did you mean '!=' or NOT?)");
                } else {
                    out.add(new Token(Kind.OP, String.valueOf(c), start + 1));
                    i++;
                }
            } else if ("+-*/(),".indexOf(c) >= 0) {
                out.add(new Token(Kind.OP, String.valueOf(c), start + 1));
                i++;
            } else {
                throw new ExpressionException(start + 1, "unexpected character '" + c + "'");
            }
        }
        out.add(new Token(Kind.EOF, "", s.length() + 1));
        return out;
    }
}
