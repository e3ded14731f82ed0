//! The message catalogue: every diagnostic's wording, in French (the default) and in English.
//!
//! Messages are Project Fluent entries, one `.ftl` file per language (`src/i18n/fr.ftl`,
//! `src/i18n/en.ftl`), embedded in the binary. The checker never writes a sentence: it names a
//! message by its id with its arguments ([`Msg`], made with [`msg!`](crate::msg)), and the
//! sentence is written when a report is printed, in the language asked for. A test fails when an
//! id used in `src/` is missing from either file, or when the two files do not hold the same ids.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;
use unic_langid::LanguageIdentifier;

/// The French catalogue.
pub const FRENCH_FTL: &str = include_str!("i18n/fr.ftl");
/// The English catalogue.
pub const ENGLISH_FTL: &str = include_str!("i18n/en.ftl");

/// A language diagnostics are written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// French, the rule authors' language: the default.
    #[default]
    Fr,
    /// English, on request.
    En,
}

impl Lang {
    /// The language of a tag such as `fr`, `en`, `en_GB.UTF-8` or `fr-FR`; `None` for another language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of the locale, as POSIX reads it: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty. English only when it says English; French otherwise
    /// (`C`, `POSIX`, any other language, nothing set).
    pub fn from_locale(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name))
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_tag(&value))
            .unwrap_or_default()
    }

    /// The language of this process's locale.
    pub fn from_env() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }

    fn index(self) -> usize {
        match self {
            Lang::Fr => 0,
            Lang::En => 1,
        }
    }
}

/// A message of the catalogue, named by its id, with its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    /// The entry's id in both `.ftl` files.
    pub id: &'static str,
    /// Named arguments (`{ $name }` in the entry).
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    /// A text as it is: an id, a keyword, a number already worded.
    Text(String),
    /// A number, for the entries that choose a plural.
    Num(i64),
    /// A phrase of the catalogue, worded in the same language.
    Msg(Msg),
    /// A list of arguments, written `a, b or c` (the id of the last joining word: `or`, `and`).
    List(Vec<Arg>, &'static str),
}

impl Msg {
    /// The message `id`, without arguments.
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    /// Adds a text argument.
    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a number argument (plurals).
    pub fn num(mut self, name: &'static str, value: usize) -> Msg {
        self.args
            .push((name, Arg::Num(i64::try_from(value).unwrap_or(i64::MAX))));
        self
    }

    /// Adds a phrase of the catalogue as an argument.
    pub fn phrase(mut self, name: &'static str, value: Msg) -> Msg {
        self.args.push((name, Arg::Msg(value)));
        self
    }

    /// Adds any argument.
    pub fn with(mut self, name: &'static str, value: Arg) -> Msg {
        self.args.push((name, value));
        self
    }

    /// The message in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        catalogue().format(lang, self)
    }
}

/// `msg!("id", name = value, …)`: the message `id` of the catalogue, each value written with `Display`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new($id)$(.arg(stringify!($name), &$value))*
    };
}

/// Both catalogues, read once.
pub struct Catalogue {
    bundles: [FluentBundle<FluentResource>; 2],
}

/// The catalogues of every language, built on first use.
pub fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue {
        bundles: [bundle("fr", FRENCH_FTL), bundle("en", ENGLISH_FTL)],
    })
}

fn bundle(tag: &str, ftl: &str) -> FluentBundle<FluentResource> {
    let langid: LanguageIdentifier = tag.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // No Unicode isolation marks around arguments: the output is a terminal or JSON, not HTML.
    bundle.set_use_isolating(false);
    // A malformed entry is left out (the catalogue test reports it); the others stay usable.
    let resource = FluentResource::try_new(ftl.to_string()).unwrap_or_else(|(partial, _)| partial);
    bundle.add_resource_overriding(resource);
    bundle
}

impl Catalogue {
    /// `msg` in `lang`; a message missing from the catalogue is written as its id and arguments.
    pub fn format(&self, lang: Lang, msg: &Msg) -> String {
        let bundle = &self.bundles[lang.index()];
        let Some(pattern) = bundle.get_message(msg.id).and_then(|m| m.value()) else {
            let args: Vec<String> = msg
                .args
                .iter()
                .map(|(name, arg)| format!("{name}={}", self.arg_text(lang, arg)))
                .collect();
            return format!("{} {}", msg.id, args.join(" "))
                .trim_end()
                .to_string();
        };
        let mut args = FluentArgs::new();
        for (name, arg) in &msg.args {
            let value = match arg {
                Arg::Num(n) => FluentValue::from(*n),
                other => FluentValue::from(self.arg_text(lang, other)),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }

    fn arg_text(&self, lang: Lang, arg: &Arg) -> String {
        match arg {
            Arg::Text(text) => text.clone(),
            Arg::Num(n) => n.to_string(),
            Arg::Msg(msg) => self.format(lang, msg),
            Arg::List(items, last) => {
                let words: Vec<String> = items.iter().map(|a| self.arg_text(lang, a)).collect();
                match words.as_slice() {
                    [] => String::new(),
                    [one] => one.clone(),
                    [init @ .., tail] => format!(
                        "{} {} {tail}",
                        init.join(", "),
                        self.format(lang, &Msg::new(last))
                    ),
                }
            }
        }
    }

    /// Whether `id` is an entry of `lang`'s catalogue.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundles[lang.index()].has_message(id)
    }
}

/// An input/output error in words of the catalogue: its kind (file not found, permission
/// denied, …), and the system's own text (in English) only for the kinds without a sentence.
pub fn io_error(error: &std::io::Error) -> Msg {
    use std::io::ErrorKind;
    if let Some(missing) = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<crate::driver::MissingPath>())
    {
        return Msg::new("io-path-not-found").arg("path", missing.0.display());
    }
    let id = match error.kind() {
        ErrorKind::NotFound => "io-kind-not-found",
        ErrorKind::PermissionDenied => "io-kind-permission-denied",
        ErrorKind::AlreadyExists => "io-kind-already-exists",
        ErrorKind::InvalidData => "io-kind-invalid-data",
        ErrorKind::IsADirectory => "io-kind-is-a-directory",
        ErrorKind::NotADirectory => "io-kind-not-a-directory",
        ErrorKind::StorageFull => "io-kind-storage-full",
        ErrorKind::ReadOnlyFilesystem => "io-kind-read-only",
        ErrorKind::AddrInUse => "io-kind-address-in-use",
        ErrorKind::AddrNotAvailable => "io-kind-address-not-available",
        ErrorKind::Interrupted => "io-kind-interrupted",
        _ => return Msg::new("io-kind-other").arg("detail", error),
    };
    Msg::new(id)
}
