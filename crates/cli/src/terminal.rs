//! What reaches a person's terminal. Records hold text typed or pasted by others (a client's
//! name, a timeline entry, a CSV cell), and a terminal obeys the control characters in it:
//! an escape sequence can recolour, retitle or clear the screen, a carriage return can print
//! over a line, a bidirectional override can reverse a file name. So human output shows each
//! such character as `<U+XXXX>` (line breaks and tabs stay: free text has them). JSON output
//! stays exact JSON; data written to a file or a pipe stays as it is.

use std::borrow::Cow;
use std::io::{IsTerminal as _, Write as _};

use cordon_core::validation::{hidden_char, visible_codepoint};

/// `text` with every character a terminal would obey, other than `\n` and `\t`, made visible.
pub fn visible(text: &str) -> Cow<'_, str> {
    let obeyed = |c: char| {
        c != '\n' && c != '\t' && hidden_char(c.encode_utf8(&mut [0; 4]), false).is_some()
    };
    if !text.chars().any(obeyed) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if obeyed(c) {
                    visible_codepoint(c)
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// A line of human output, made visible.
macro_rules! say {
    () => { println!() };
    ($($arg:tt)*) => {
        println!("{}", $crate::terminal::visible(&format!($($arg)*)))
    };
}
pub(crate) use say;

/// A file's content on standard output (CSV): exact when it goes to a file or a pipe, made
/// visible when a person is reading it on a terminal.
pub fn data(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = if std::io::stdout().is_terminal() {
        out.write_all(visible(text).as_bytes())
    } else {
        out.write_all(text.as_bytes())
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_obeys_and_keeps_lines() {
        assert_eq!(
            visible("Acme\u{1b}]0;pwned\u{7} \u{202E}fdp.exe\r\nnext\tcol"),
            "Acme<U+001B>]0;pwned<U+0007> <U+202E>fdp.exe<U+000D>\nnext\tcol"
        );
        assert!(matches!(visible("Müller GmbH"), Cow::Borrowed(_)));
    }
}
