//! The root: loads the built-in scenarios, opens storage, owns the reducer,
//! saves after every change, and shows the screen the session is on.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::builtin;
use crate::core::classroom::{ClassSession, FeedbackTiming};
use crate::core::debrief::Confidence;
use crate::core::embed::{self as embed_rules, Request};
use crate::core::engine::Position;
use crate::core::i18n::{Locale, Messages};
use crate::core::lms::cmi5::Cmi5Launch;
use crate::core::scenario::ScenarioErrors;
use crate::core::session::{self, Action, Catalogue, Screen, Session};
use crate::core::url_param;
use crate::platform::{
    clock, embed, fetch, language_pack, lifecycle, lms_session, locale, navigation, persistence,
    scenario_pack, scorm,
};
use crate::tr;

use super::briefing::Briefing;
use super::classroom::{Classroom, ResultCard};
use super::decision::Decision;
use super::ending::Ending;
use super::feedback::Feedback;
use super::home::Home;
use super::i18n::{Language, LanguageSwitch, use_language, use_messages};
use super::lms::{Finished, Lms, LmsStatus, Support};
use super::open_scenario::{FileProblems, open_from_address};
use super::progress::ProgressPage;
use super::state::SessionState;
use super::widgets::{Notices, PracticeBanner, alignment_label};

/// The language the page opens in: the address's `lang=`, else the one remembered with
/// this device's progress, else the browser's first language Mandate has.
fn initial_language(query: &str) -> Locale {
    let asked = url_param::query_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Locale::from_tag(&v));
    asked.or_else(locale::remembered).unwrap_or_else(|| {
        let preferred = locale::preferred();
        Locale::negotiate(preferred.iter().map(String::as_str))
    })
}

#[derive(Properties, PartialEq)]
struct LanguageRootProps {
    children: Html,
}

/// What the language root knows: the language in use, one being loaded, the scenario
/// translations of the packs installed, and a language whose pack could not be loaded.
#[derive(Clone, PartialEq)]
struct LanguageState {
    locale: Locale,
    loading: Option<Locale>,
    translations: Rc<[(String, String)]>,
    unavailable: Option<Locale>,
}

enum LanguageChange {
    /// Use a language whose texts are here.
    Use(Locale),
    Loading(Locale),
    /// A pack arrived and was installed: its scenario translations, and the language.
    Installed(Locale, Vec<(String, String)>),
    Failed(Locale),
}

impl Reducible for LanguageState {
    type Action = LanguageChange;

    fn reduce(self: Rc<Self>, change: LanguageChange) -> Rc<Self> {
        let mut next = (*self).clone();
        match change {
            LanguageChange::Use(locale) => {
                next.locale = locale;
                next.loading = None;
                next.unavailable = None;
            }
            LanguageChange::Loading(locale) => next.loading = Some(locale),
            LanguageChange::Installed(locale, files) => {
                next.translations = next.translations.iter().cloned().chain(files).collect();
                next.unavailable = None;
                if next.loading == Some(locale) {
                    next.locale = locale;
                    next.loading = None;
                }
            }
            LanguageChange::Failed(locale) => {
                if next.loading == Some(locale) {
                    next.loading = None;
                    next.unavailable = Some(locale);
                }
            }
        }
        Rc::new(next)
    }
}

/// Fetches and installs `locale`'s language pack (its catalogue and library go into the
/// core's tables; its scenario translations into the state), then switches to it.
fn load_language(state: UseReducerDispatcher<LanguageState>, locale: Locale) {
    state.dispatch(LanguageChange::Loading(locale));
    wasm_bindgen_futures::spawn_local(async move {
        match language_pack::install(locale).await {
            Ok(files) => {
                locale::set_document_language(locale);
                state.dispatch(LanguageChange::Installed(locale, files));
            }
            Err(_) => state.dispatch(LanguageChange::Failed(locale)),
        }
    });
}

/// The language every page is in, provided to everything below it. A language whose
/// texts are not compiled in (the browser build has English only) is fetched as a
/// language pack the first time it is asked for; a page that opens in such a language
/// waits for its pack (or, if it cannot come, opens in English and says so).
#[function_component]
fn LanguageRoot(props: &LanguageRootProps) -> Html {
    let wanted = use_memo((), |_| {
        initial_language(&fetch::page_query().unwrap_or_default())
    });
    // A language whose pack must be fetched is loading from the first render: the page
    // never flashes in English before it.
    let state = use_reducer(|| LanguageState {
        locale: if Messages::available(*wanted) {
            *wanted
        } else {
            Locale::En
        },
        loading: (!Messages::available(*wanted)).then_some(*wanted),
        translations: Rc::from([]),
        unavailable: None,
    });
    {
        let dispatcher = state.dispatcher();
        let wanted = *wanted;
        use_effect_with((), move |_| {
            if Messages::available(wanted) {
                locale::set_document_language(wanted);
            } else {
                load_language(dispatcher, wanted);
            }
        });
    }
    let set_language = {
        let dispatcher = state.dispatcher();
        Callback::from(move |chosen: Locale| {
            if chosen != Locale::Pseudo {
                locale::remember(chosen);
            }
            if Messages::available(chosen) {
                locale::set_document_language(chosen);
                dispatcher.dispatch(LanguageChange::Use(chosen));
            } else {
                load_language(dispatcher.clone(), chosen);
            }
        })
    };
    // The first screen waits for the pack of the language it opens in.
    let opening = state.loading.is_some_and(|l| l == *wanted) && state.locale != *wanted;
    let context = Language {
        locale: state.locale,
        set: set_language,
        translations: state.translations.clone(),
        unavailable: state.unavailable,
    };
    html! {
        <ContextProvider<Language> {context}>
            if opening {
                <main id="main" class="page" aria-busy="true"></main>
            } else {
                { props.children.clone() }
            }
        </ContextProvider<Language>>
    }
}

#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// How to reach an LMS: [`super::lms::SUPPORT`] in the `mandate-lms` binary, which
    /// index.html loads for an LMS launch; `None` in the learner's `mandate`.
    #[prop_or_default]
    pub lms: Option<Support>,
}

/// The learner's app: the player, home, progress, a scenario opened from a file and
/// class-session links; with [`AppProps::lms`], LMS launches too. Two binaries run it:
/// `mandate` without the LMS support and `mandate-lms` with it. The instructor's pages
/// are a third ([`InstructorApp`]), so a learner never downloads them.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    html! {
        <LanguageRoot>
            <Routes lms={props.lms} />
        </LanguageRoot>
    }
}

/// The instructor's app (the `mandate-instructor` binary): `?facilitate`, a scenario
/// run for a whole room on one projected screen, and `?classroom`, the class set-up
/// and debrief. index.html loads it for those addresses.
#[function_component]
pub fn InstructorApp() -> Html {
    html! {
        <LanguageRoot>
            <InstructorRoutes />
        </LanguageRoot>
    }
}

/// How far the built-in catalogue has arrived: the browser build compiles in the first
/// scenario and fetches the others after the first screen. Provided to the pages below
/// [`Routes`]; the home screen shows the ones still on their way.
#[derive(Clone, PartialEq)]
pub struct Arrival {
    pub state: ArrivalState,
    /// Fetch the scenarios again after a failure.
    pub retry: Callback<()>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ArrivalState {
    /// Every built-in scenario is in the catalogue.
    Complete,
    /// The others are being fetched.
    Pending,
    /// They could not be fetched (why, already a sentence).
    Failed(String),
}

/// The built-in catalogue: the scenarios compiled in at once, then the whole catalogue
/// when the others have arrived (see [`Arrival`]).
#[hook]
fn use_builtins() -> Result<(Catalogue, Arrival), Vec<ScenarioErrors>> {
    let compiled = use_memo((), |_| builtin::load_all().map(Rc::new));
    let fetched = use_state(|| None::<Result<Catalogue, String>>);
    let round = use_state(|| 0u32);
    {
        let fetched = fetched.clone();
        let compiled = compiled.clone();
        use_effect_with(*round, move |_| {
            if let Ok(first) = &*compiled
                && !builtin::all_compiled_in()
            {
                let first = Rc::clone(first);
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = scenario_pack::load().await.map(|later| {
                        Rc::new(first.iter().cloned().chain(later).collect::<Vec<_>>())
                    });
                    fetched.set(Some(loaded));
                });
            }
        });
    }
    let retry = {
        let fetched = fetched.clone();
        let round = round.clone();
        Callback::from(move |()| {
            fetched.set(None);
            round.set(*round + 1);
        })
    };
    let compiled = match &*compiled {
        Ok(compiled) => Rc::clone(compiled),
        Err(errors) => return Err(errors.clone()),
    };
    let (catalogue, state) = match &*fetched {
        _ if builtin::all_compiled_in() => (compiled, ArrivalState::Complete),
        None => (compiled, ArrivalState::Pending),
        Some(Ok(all)) => (Rc::clone(all), ArrivalState::Complete),
        Some(Err(why)) => (compiled, ArrivalState::Failed(why.clone())),
    };
    Ok((catalogue, Arrival { state, retry }))
}

/// Whether this page's first screen needs built-in scenarios that are not compiled in: a
/// host page may ask for the learner's standing (`host=`), the case the launch names
/// (`case=`, or a class session's) is one of them, or, with no case named, the learner was
/// last in one. Such a page waits for them, so that nothing is
/// opened, or saved, against a catalogue without them (an unknown case is looked up in the
/// whole catalogue too, for an accurate notice).
fn needs_every_scenario() -> bool {
    if builtin::all_compiled_in() {
        return false;
    }
    let query = fetch::page_query().unwrap_or_default();
    // A host page allowed to ask for the learner's standing is answered about every
    // scenario, never about the ones that happen to have arrived.
    if !embed_rules::host_origins(&query).0.is_empty() {
        return true;
    }
    let class = ClassSession::from_query(&url_param::query_pairs(&query))
        .ok()
        .flatten();
    let named = match class {
        Some(class) => Some(class.scenario),
        None => url_param::case_from_query(&query).ok().flatten(),
    };
    match named {
        Some(case) => !builtin::compiled_in(&case),
        None => persistence::stored_active().is_some_and(|active| !builtin::compiled_in(&active)),
    }
}

#[derive(Properties, PartialEq)]
struct ScenariosUnavailableProps {
    why: String,
    retry: Callback<()>,
    /// Carry on with the scenarios compiled in; `None` where that is not offered.
    on_continue: Option<Callback<()>>,
}

/// A page that needs every scenario, when the others could not be fetched.
#[function_component]
fn ScenariosUnavailable(props: &ScenariosUnavailableProps) -> Html {
    let t = use_messages();
    html! {
        <main id="main" class="page" tabindex="-1">
            <section class="card launch-failed" role="alert">
                <h1>{ tr!(t, "app.scenarios-unavailable-title") }</h1>
                <p>{ tr!(t, "app.scenarios-unavailable-lead", why = props.why) }</p>
                <p>{ tr!(t, "app.scenarios-unavailable-kept") }</p>
                <div class="actions">
                    <button class="button button--primary" onclick={props.retry.reform(|_: MouseEvent| ())}>
                        { tr!(t, "app.scenarios-retry") }
                    </button>
                    if let Some(on_continue) = &props.on_continue {
                        <button class="button button--quiet" onclick={on_continue.reform(|_: MouseEvent| ())}>
                            { tr!(t, "app.scenarios-continue") }
                        </button>
                    }
                </div>
            </section>
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct RoutesProps {
    lms: Option<Support>,
}

/// The learner's page: the launch the address asks for.
#[function_component]
fn Routes(props: &RoutesProps) -> Html {
    let builtins = use_builtins();
    let needs_all = use_memo((), |_| needs_every_scenario());
    // After a failure, the learner chose to carry on with the first scenario.
    let carry_on = use_state(|| false);
    match builtins {
        Err(errors) => html! { <BrokenContent errors={errors} /> },
        Ok((_, arrival)) if *needs_all && arrival.state == ArrivalState::Pending => {
            html! { <main id="main" class="page" aria-busy="true"></main> }
        }
        Ok((_, arrival))
            if *needs_all && !*carry_on && matches!(arrival.state, ArrivalState::Failed(_)) =>
        {
            let ArrivalState::Failed(why) = arrival.state else {
                unreachable!()
            };
            let on_continue = {
                let carry_on = carry_on.clone();
                Callback::from(move |()| carry_on.set(true))
            };
            html! { <ScenariosUnavailable {why} retry={arrival.retry} on_continue={Some(on_continue)} /> }
        }
        Ok((catalogue, arrival)) => html! {
            <ContextProvider<Arrival> context={arrival}>
                <Launcher {catalogue} lms={props.lms} />
            </ContextProvider<Arrival>>
        },
    }
}

/// The instructor's page: `?facilitate`, else the class set-up and debrief.
#[function_component]
fn InstructorRoutes() -> Html {
    // The instructor's pages choose among every scenario: they wait for all of them.
    let builtins = use_builtins();
    let (catalogue, arrival) = match builtins {
        Ok((catalogue, arrival)) => (Ok(catalogue), Some(arrival)),
        Err(errors) => (Err(errors), None),
    };
    let facilitate = use_memo((), |_| {
        url_param::query_pairs(&fetch::page_query().unwrap_or_default())
            .iter()
            .any(|(k, _)| k == "facilitate")
    });
    // The instructor's pages show each scenario in the interface language where it has
    // a version in it (the player's session does the same for its own catalogue).
    let language = use_language();
    // The packs' translations are loaded once per pack, not at every change of language.
    let translated = use_memo(
        (catalogue.clone(), language.translations.clone()),
        |(catalogue, translations)| {
            catalogue.as_ref().ok().map(|c| {
                let (with, errors) = session::with_translations(c, translations);
                for e in errors {
                    web_sys::console::warn_1(&e.to_string().into());
                }
                with
            })
        },
    );
    let localized = use_memo((translated, language.locale), |(translated, locale)| {
        (**translated)
            .as_ref()
            .map(|c| session::localized(c, *locale))
    });
    match arrival.map(|a| (a.state, a.retry)) {
        Some((ArrivalState::Pending, _)) => {
            return html! { <main id="main" class="page" aria-busy="true"></main> };
        }
        Some((ArrivalState::Failed(why), retry)) => {
            return html! { <ScenariosUnavailable {why} {retry} on_continue={None::<Callback<()>>} /> };
        }
        _ => {}
    }
    match (&catalogue, &*localized) {
        (Ok(_), Some(localized)) if *facilitate => {
            html! { <super::facilitate::Facilitator catalogue={Rc::clone(localized)} /> }
        }
        (Ok(_), Some(localized)) => html! { <Classroom catalogue={Rc::clone(localized)} /> },
        (Err(errors), _) => html! { <BrokenContent errors={errors.clone()} /> },
        (Ok(_), None) => html! {},
    }
}

/// How this page was launched.
#[derive(Clone, PartialEq)]
enum Launched {
    /// A cmi5 launch: waiting for the LMS's token and launch data.
    Connecting,
    /// The cmi5 launch could not be followed.
    Failed(String),
    Ready {
        catalogue: Catalogue,
        lms: Option<Rc<Lms>>,
        /// The scenario to open (`?case=`).
        case: Option<String>,
        /// Where progress is kept, when not the default place: an LMS learner's cache.
        storage_key: Option<String>,
        /// A class session's learner link (`?session=…`).
        class: Option<Rc<ClassSession>>,
        notices: Vec<String>,
    },
}

#[derive(Properties, PartialEq)]
struct LauncherProps {
    catalogue: Catalogue,
    lms: Option<Support>,
}

/// Reads the launch: the `case` parameter, then a cmi5 launch in the address or a
/// SCORM API around the page. Without either, the page plays standalone, silently.
#[function_component]
fn Launcher(props: &LauncherProps) -> Html {
    let t = use_messages();
    let query = use_memo((), |_| fetch::page_query().unwrap_or_default());
    let launched = {
        let catalogue = props.catalogue.clone();
        let query = query.clone();
        let support = props.lms;
        use_state(move || launch(t, &catalogue, &query, support))
    };
    {
        let launched = launched.clone();
        let catalogue = props.catalogue.clone();
        let support = props.lms;
        use_effect_with((), move |_| {
            if let (Launched::Connecting, Some(support)) = (&*launched, support) {
                connect_cmi5(t, support, catalogue, &query, launched);
            }
        });
    }
    match &*launched {
        Launched::Connecting => html! {
            <main id="main" class="page page--embedded" aria-busy="true">
                <p class="connecting">{ tr!(t, "app.connecting") }</p>
            </main>
        },
        Launched::Failed(why) => {
            let standalone = {
                let launched = launched.clone();
                let catalogue = props.catalogue.clone();
                Callback::from(move |_: MouseEvent| {
                    launched.set(Launched::Ready {
                        catalogue: catalogue.clone(),
                        lms: None,
                        case: None,
                        storage_key: None,
                        class: None,
                        notices: vec![tr!(t, "app.playing-without-recording").into()],
                    })
                })
            };
            html! {
                <main id="main" class="page page--embedded" tabindex="-1">
                    <section class="card launch-failed" role="alert">
                        <h1>{ tr!(t, "app.launch-failed-title") }</h1>
                        <p>{ tr!(t, "app.launch-failed-why", why = why) }</p>
                        <p>{ tr!(t, "app.launch-failed-advice") }</p>
                        <button class="button" onclick={standalone}>{ tr!(t, "app.play-without-recording") }</button>
                    </section>
                </main>
            }
        }
        Launched::Ready {
            catalogue,
            lms,
            case,
            storage_key,
            class,
            notices,
        } => html! {
            // Without an LMS, the catalogue as it stands: the scenarios fetched after the
            // first screen join it when they arrive.
            <Player catalogue={if lms.is_some() { catalogue.clone() } else { props.catalogue.clone() }}
                lms={lms.clone()} case={case.clone()}
                storage_key={storage_key.clone()} class={class.clone()} notices={notices.clone()} />
        },
    }
}

/// The launch as far as it can be known without waiting: the case, and a SCORM LMS
/// (whose API answers at once) or the start of a cmi5 launch. Without `support` (the
/// `mandate` binary, which the loader chooses when it finds no LMS) an LMS launch is
/// played standalone, and the learner is told that nothing is recorded.
fn launch(
    t: &'static Messages,
    catalogue: &Catalogue,
    query: &str,
    support: Option<Support>,
) -> Launched {
    let mut notices = Vec::new();
    let asked = url_param::query_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "lang")
        .map(|(_, v)| v);
    if let Some(tag) = asked.filter(|tag| Locale::from_tag(tag).is_none()) {
        let tag: String = tag.chars().take(40).collect();
        notices.push(tr!(
            t,
            "app.unknown-language",
            tag = tag,
            language = t.locale().native_name()
        ));
    }
    // A class session's learner link: the session names the case and the strategy.
    let class =
        ClassSession::from_query(&url_param::query_pairs(query)).and_then(|class| match class {
            Some(class) => class.check(catalogue.as_slice()).map(|()| Some(class)),
            None => Ok(None),
        });
    match class {
        Ok(Some(class)) => {
            return Launched::Ready {
                catalogue: Rc::clone(catalogue),
                lms: None,
                case: Some(class.scenario.clone()),
                // Each class session keeps its own progress: a reload resumes in it.
                storage_key: Some(format!(
                    "{}.class.{}",
                    persistence::PROGRESS_KEY,
                    class.code.as_str()
                )),
                class: Some(Rc::new(class)),
                notices,
            };
        }
        Ok(None) => {}
        Err(e) => notices.push(tr!(t, "app.class-link-unusable", why = e.message(t))),
    }
    let case = match url_param::case_from_query(query) {
        Ok(case) => case,
        Err(e) => {
            notices.push(tr!(t, "app.address-unfollowed", why = e.message(t)));
            None
        }
    };
    let entry = case.as_deref().and_then(|id| {
        let found = catalogue.iter().find(|e| e.scenario.id.as_str() == id);
        if found.is_none() {
            let known: Vec<&str> = catalogue.iter().map(|e| e.scenario.id.as_str()).collect();
            notices.push(tr!(
                t,
                "app.unknown-case",
                id = id,
                cases = known.join(", ")
            ));
        }
        found
    });
    match Cmi5Launch::from_query(&url_param::query_pairs(query)) {
        Ok(Some(_)) if support.is_none() => {
            notices.push(tr!(t, "app.lms-support-missing").into());
        }
        Ok(Some(_)) if entry.is_some() => return Launched::Connecting,
        Ok(Some(_)) => {
            return Launched::Failed(tr!(t, "app.launch-without-case").into());
        }
        Ok(None) => {}
        Err(e) => notices.push(tr!(t, "app.cmi5-launch-refused", why = e.message(t))),
    }
    let (_, refused) = embed_rules::host_origins(query);
    notices.extend(
        refused
            .iter()
            .map(|e| tr!(t, "app.embedding-refused", why = e.message(t))),
    );
    let mut storage_key = None;
    let lms = match (scorm::discover(), entry, support) {
        (Some(_), _, None) => {
            notices.push(tr!(t, "app.lms-support-missing").into());
            None
        }
        (Some(api), Some(entry), Some(support)) => match (support.scorm)(api, entry, t) {
            Some(lms) => {
                lms_session::remember(&lms.storage_key);
                Some(Rc::new(lms))
            }
            None => {
                // The LMS would not start a session: after a reload inside its player,
                // the first page's session has ended. Carry on from this tab's cache.
                storage_key = lms_session::recall();
                notices.push(tr!(t, "app.lms-session-ended").into());
                None
            }
        },
        (Some(_), None, Some(_)) => {
            notices.push(tr!(t, "app.lms-without-case").into());
            None
        }
        (None, _, _) => None,
    };
    let catalogue = match (&lms, entry) {
        // An LMS tracks one scenario: the launch shows only that one.
        (Some(_), Some(entry)) => Rc::new(vec![entry.clone()]),
        _ => Rc::clone(catalogue),
    };
    if let Some(lms) = &lms {
        notices.extend(lms.notices.iter().cloned());
        storage_key = Some(lms.storage_key.clone());
    }
    Launched::Ready {
        catalogue,
        lms,
        case: entry.map(|e| e.scenario.id.to_string()),
        storage_key,
        class: None,
        notices,
    }
}

/// Follows the cmi5 launch in `query` and sets `launched` when done.
fn connect_cmi5(
    t: &'static Messages,
    support: Support,
    catalogue: Catalogue,
    query: &str,
    launched: UseStateHandle<Launched>,
) {
    let Ok(Some(launch)) = Cmi5Launch::from_query(&url_param::query_pairs(query)) else {
        return;
    };
    let case = url_param::case_from_query(query).ok().flatten();
    let Some(entry) = case.and_then(|id| {
        catalogue
            .iter()
            .find(|e| e.scenario.id.as_str() == id)
            .cloned()
    }) else {
        return;
    };
    let connecting = entry.clone();
    let done = Callback::from(move |connected: Result<Lms, String>| match connected {
        Ok(lms) => {
            let notices = lms.notices.clone();
            launched.set(Launched::Ready {
                case: Some(entry.scenario.id.to_string()),
                storage_key: Some(lms.storage_key.clone()),
                class: None,
                catalogue: Rc::new(vec![entry.clone()]),
                lms: Some(Rc::new(lms)),
                notices,
            });
        }
        Err(why) => launched.set(Launched::Failed(why)),
    });
    (support.cmi5)(launch, connecting, t, done);
}

#[derive(Properties, PartialEq)]
struct PlayerProps {
    catalogue: Catalogue,
    lms: Option<Rc<Lms>>,
    case: Option<String>,
    storage_key: Option<String>,
    class: Option<Rc<ClassSession>>,
    notices: Vec<String>,
}

#[function_component]
fn Player(props: &PlayerProps) -> Html {
    let t = use_messages();
    let language = use_language();
    let opened = {
        let key = props.storage_key.clone();
        use_memo((), move |_| {
            Rc::new(match key {
                Some(key) => persistence::open_at(&key, t),
                None => persistence::open(t),
            })
        })
    };
    let state = {
        let catalogue = props.catalogue.clone();
        let opened = opened.clone();
        let lms = props.lms.clone();
        let case = props.case.clone();
        let notices = props.notices.clone();
        let strategy = props.class.as_ref().and_then(|c| c.strategy.clone());
        let locale = language.locale;
        use_reducer(move || {
            let mut session = Session::new_in(catalogue, opened.saved.clone(), locale);
            for notice in opened.notices.iter().chain(&notices) {
                session = session.apply(Action::Notify(notice.clone()));
            }
            SessionState(open_case(session, case, strategy, lms.as_deref()))
        })
    };
    let finished = use_state(|| false);

    // The language: a learner who chose one before (in this store: a class session or
    // an LMS learner's cache has its own) gets it back unless the address asks for
    // another; after that, the switch's choice goes into the session, which remembers it.
    {
        let set = language.set.clone();
        // The learner's own choice first; in an LMS, then the LMS's language preference.
        let remembered = state
            .0
            .saved()
            .language()
            .or_else(|| props.lms.as_ref().and_then(|lms| lms.language));
        let current = language.locale;
        use_effect_with((), move |_| {
            let asked = url_param::query_pairs(&fetch::page_query().unwrap_or_default())
                .iter()
                .any(|(k, v)| k == "lang" && Locale::from_tag(v).is_some());
            if let Some(remembered) = remembered.filter(|r| !asked && *r != current) {
                set.emit(remembered);
            }
        });
    }
    // Built-in scenarios fetched after the first screen join the session's catalogue,
    // with the translations the language packs have for them.
    {
        let dispatcher = state.dispatcher();
        let session = state.0.catalogue().clone();
        let translations = language.translations.clone();
        use_effect_with(props.catalogue.clone(), move |catalogue| {
            let known = |id: &str| session.iter().any(|e| e.scenario.id.as_str() == id);
            if catalogue.iter().any(|e| !known(e.scenario.id.as_str())) {
                dispatcher.dispatch(Action::AddBuiltIns {
                    entries: Rc::clone(catalogue),
                });
                if !translations.is_empty() {
                    dispatcher.dispatch(Action::AddTranslations {
                        files: translations,
                    });
                }
            }
        });
    }
    // A language pack's scenario translations join the session's catalogue.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(language.translations.clone(), move |files| {
            if !files.is_empty() {
                dispatcher.dispatch(Action::AddTranslations {
                    files: Rc::clone(files),
                });
            }
        });
    }
    {
        let dispatcher = state.dispatcher();
        let session_locale = state.0.locale();
        use_effect_with(language.locale, move |locale| {
            if *locale != session_locale {
                dispatcher.dispatch(Action::SetLanguage { locale: *locale });
            }
        });
    }

    // The LMS hears about every change (the first run reports where the launch stands).
    {
        let lms = props.lms.clone();
        let session = state.0.clone();
        use_effect_with(state.0.saved().clone(), move |_| {
            if let Some(lms) = lms {
                lms.observe(&session);
            }
        });
    }
    // Hidden: commit. Leaving: SCORM's last commit and its one Terminate.
    {
        let lms = props.lms.clone();
        use_effect_with((), move |_| {
            let guard = lms.and_then(|lms| {
                let on_leave = Rc::clone(&lms);
                lifecycle::watch(move || lms.checkpoint(), move || on_leave.leave())
            });
            move || drop(guard)
        });
    }

    // Save after every change to what is stored. The first run also writes back
    // any repair made while loading (for example a replayed attempt).
    {
        let dispatcher = state.dispatcher();
        let persistence = opened.persistence.clone();
        use_effect_with(state.0.saved().clone(), move |saved| {
            if let Err(e) = persistence.save(saved) {
                dispatcher.dispatch(Action::Notify(persistence::write_failed_notice_in(&e, t)));
            }
        });
    }

    // A scenario file named in the address (`?scenario=cases/my-case.mandate`) opens once,
    // on startup. A file with errors is listed above the screen until closed.
    let address_problems = use_state(|| None::<Rc<ScenarioErrors>>);
    {
        let state = state.clone();
        let address_problems = address_problems.clone();
        use_effect_with((), move |_| {
            let session = Rc::new(state.0.clone());
            let dispatcher = state.dispatcher();
            let dispatch = Callback::from(move |action: Action| dispatcher.dispatch(action));
            let on_broken = Callback::from(move |errors| address_problems.set(Some(errors)));
            open_from_address(t, session, dispatch, on_broken);
        });
    }

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let session = &state.0;
    let catalogue = session.catalogue();
    let go_home = dispatch.reform(|_: ()| Action::GoHome);

    // Another tab saved: take its progress in (this tab keeps its place).
    {
        let dispatcher = state.dispatcher();
        let key = opened.persistence.key().map(str::to_string);
        use_effect_with((), move |_| {
            let guard = key.and_then(|key| {
                persistence::watch_other_tabs(key, move |saved| {
                    dispatcher.dispatch(Action::FromOtherTab {
                        saved: Box::new(saved),
                    })
                })
            });
            move || drop(guard)
        });
    }

    let screen = match session.screen() {
        Screen::Progress => html! {
            <ProgressPage session={Rc::new(session.clone())} dispatch={dispatch.clone()}
                saving={opened.persistence.is_saving()} />
        },
        Screen::Review {
            entry,
            playthrough,
            confidence,
        } => {
            let back = dispatch.reform(|_: ()| Action::ShowProgress);
            html! {
                <Ending catalogue={Rc::clone(catalogue)} index={entry} {playthrough} practice={false} review={true} {confidence}
                    on_again={Callback::noop()} on_practice={Callback::noop()} on_end_practice={back.clone()} on_home={back} />
            }
        }
        Screen::Home => {
            html! { <Home session={Rc::new(session.clone())} dispatch={dispatch.clone()} /> }
        }
        Screen::Briefing { entry } => {
            let on_begin = dispatch.reform(|_: ()| Action::Begin {
                now: clock::now_ms(),
            });
            let on_strategy = dispatch.reform(|strategy: String| Action::ChooseStrategy {
                strategy,
                now: clock::now_ms(),
            });
            let strategy = session
                .attempt(entry)
                .map(|(p, _)| p.strategy())
                .unwrap_or_default();
            html! {
                <Briefing entry={Rc::clone(catalogue)} index={entry} {strategy} {on_strategy} {on_begin} on_home={go_home.clone()} />
            }
        }
        Screen::Decision {
            entry,
            playthrough,
            practice,
        } => {
            // In a class session with feedback at the end, the feedback screen is skipped.
            let feedback_at_end = props
                .class
                .as_ref()
                .is_some_and(|c| c.feedback == FeedbackTiming::AtEnd);
            let on_choose = {
                let state = state.clone();
                Callback::from(move |(choice, confidence): (String, Option<Confidence>)| {
                    #[cfg(feature = "panic-trigger")]
                    panic_if_asked("choice");
                    let now = clock::now_ms();
                    navigation::release_focus();
                    state.dispatch(Action::Choose {
                        choice,
                        confidence,
                        now,
                    });
                    if feedback_at_end {
                        state.dispatch(Action::Continue { now });
                    }
                })
            };
            let on_end_practice = dispatch.reform(|_: ()| Action::EndPractice);
            html! {
                <>
                    if practice { <PracticeBanner on_leave={on_end_practice} /> }
                    <Decision catalogue={Rc::clone(catalogue)} index={entry} {playthrough} {on_choose} on_home={go_home.clone()} />
                </>
            }
        }
        Screen::Feedback {
            entry,
            playthrough,
            practice,
        } => {
            let on_continue = dispatch.reform(|_: ()| {
                navigation::release_focus();
                Action::Continue {
                    now: clock::now_ms(),
                }
            });
            let on_end_practice = dispatch.reform(|_: ()| Action::EndPractice);
            html! {
                <>
                    if practice { <PracticeBanner on_leave={on_end_practice} /> }
                    <Feedback catalogue={Rc::clone(catalogue)} index={entry} {playthrough} {on_continue} on_home={go_home.clone()} />
                </>
            }
        }
        Screen::Ending {
            entry,
            playthrough,
            practice,
        } => {
            let id = catalogue[entry].scenario.id.to_string();
            let on_again =
                dispatch.reform(move |strategy: Option<String>| Action::StartNewAttempt {
                    scenario: id.clone(),
                    strategy,
                    now: clock::now_ms(),
                });
            let on_practice = dispatch.reform(|keep: usize| Action::Practice {
                keep,
                now: clock::now_ms(),
            });
            let on_end_practice = dispatch.reform(|_: ()| Action::EndPractice);
            let confidence = if practice {
                Vec::new()
            } else {
                session.attempt(entry).map(|(_, c)| c).unwrap_or_default()
            };
            // A class session's learner hands in a result code for the attempt.
            let result = props
                .class
                .as_ref()
                .filter(|_| !practice)
                .and_then(|class| {
                    let (_, attempt) = session.playthrough(entry)?;
                    let e = &catalogue[entry];
                    let card = e.analysis.score(&e.scenario, &playthrough);
                    let tag = (attempt.started ^ (attempt.started >> 32)) as u32;
                    Some(html! {
                        <ResultCard session={Rc::clone(class)} entry={Rc::new(e.clone())}
                            playthrough={playthrough.clone()} confidence={attempt.confidence.clone()}
                            score={card.score} {tag} />
                    })
                });
            html! {
                <>
                    { result.unwrap_or_default() }
                    <Ending catalogue={Rc::clone(catalogue)} index={entry} {playthrough} {practice} {confidence}
                        {on_again} {on_practice} {on_end_practice} on_home={go_home.clone()} />
                </>
            }
        }
    };

    // Each new screen: the focus goes to its heading and a polite live region says
    // what happened (the feedback's verdict, the ending's score).
    let announced = announcement(t, session);
    {
        // Not on the page's first screen: there the skip link comes first, as on any page.
        let first = use_mut_ref(|| true);
        let key = screen_key(session);
        use_effect_with(key, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                navigation::focus_main_heading_after_paint();
            }
        });
    }

    let on_dismiss = dispatch.reform(Action::DismissNotice);
    // Embed mode, or an LMS launch: no site chrome. Outside an LMS (whose player
    // does not listen) the parent hears the page's height.
    let in_lms = props.lms.is_some();
    let embedded = use_memo((), move |_| in_lms || embed::requested());
    {
        let report = *embedded && !in_lms;
        use_effect_with((), move |_| {
            let reporter = report.then(embed::report_height).flatten();
            move || drop(reporter)
        });
    }
    // A host page at an allow-listed origin (`host=`) may ask how the learner stands.
    let latest = use_mut_ref(|| session.clone());
    *latest.borrow_mut() = session.clone();
    {
        let embedded = *embedded;
        use_effect_with((), move |_| {
            let (allowed, _) = embed_rules::host_origins(&fetch::page_query().unwrap_or_default());
            let listener = embedded
                .then(|| {
                    embed::answer_host(allowed, move |request| match request {
                        Request::Status => embed_rules::status_reply(&latest.borrow()),
                    })
                })
                .flatten();
            move || drop(listener)
        });
    }
    if *finished && let Some(lms) = &props.lms {
        return html! { <Finished lms={Rc::clone(lms)} /> };
    }
    let lms_status = props.lms.as_ref().map(|lms| {
        let ended = lms_case_ended(session, &lms.case);
        let on_finish = {
            let lms = Rc::clone(lms);
            let finished = finished.clone();
            Callback::from(move |_| {
                lms.finish();
                finished.set(true);
                lms.leave_for_return_url();
            })
        };
        html! { <LmsStatus lms={Rc::clone(lms)} {ended} {on_finish} /> }
    });
    let problems = (*address_problems).clone().map(|errors| {
        let address_problems = address_problems.clone();
        let on_close = Callback::from(move |_| address_problems.set(None));
        html! { <FileProblems id="address-problems" {errors} {on_close} /> }
    });
    // Whether progress is kept, and the way to the progress page: in the masthead, or in
    // the small bar that replaces it in embed mode.
    let progress_link = html! {
        <>
            if let Some(class) = &props.class {
                <span class="pill pill--active">{ tr!(t, "app.class-session", code = class.code.grouped()) }</span>
            }
            if !opened.persistence.is_saving() {
                <span class="pill pill--warn">{ tr!(t, "app.progress-not-saved") }</span>
            }
            <button class="button button--quiet button--small masthead__progress" onclick={dispatch.reform(|_: MouseEvent| Action::ShowProgress)}>
                { tr!(t, "app.your-progress", name = session.saved().profile().display_name(t)) }
            </button>
        </>
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ tr!(t, "app.skip-to-content") }</a>
            if !*embedded {
            <header class="masthead">
                <div class="masthead__inner">
                    <span class="brand"><span class="brand__mark" aria-hidden="true">{ "M" }</span>{ "Mandate" }</span>
                    <span class="masthead__tagline">{ tr!(t, "app.tagline") }</span>
                    { progress_link.clone() }
                    <LanguageSwitch />
                </div>
            </header>
            }
            <Notices notices={session.notices().to_vec()} {on_dismiss} />
            <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">{ announced }</div>
            if *embedded {
                <div class="embed-bar">{ progress_link }{ lms_status.unwrap_or_default() }</div>
            }
            <main id="main" class={classes!("page", embedded.then_some("page--embedded"))} tabindex="-1">{ problems.unwrap_or_default() }{ screen }</main>
        </>
    }
}

/// The test build's deliberate panic (`--features panic-trigger`, never in a release;
/// `scripts/build-panic-test.sh`): panics when the address has `panic=<point>`.
#[cfg(feature = "panic-trigger")]
fn panic_if_asked(point: &str) {
    let query = fetch::page_query().unwrap_or_default();
    if url_param::query_pairs(&query)
        .iter()
        .any(|(k, v)| k == "panic" && v == point)
    {
        // Not interface text: the error screen's details and the console show it as is.
        panic!("deliberate-panic:{point}");
    }
}

/// Which screen the session is on, as a value that changes exactly when a new screen
/// (or a new decision on the same kind of screen) appears.
fn screen_key(session: &Session) -> (u8, usize, usize) {
    match session.screen() {
        Screen::Home => (0, 0, 0),
        Screen::Progress => (1, 0, 0),
        Screen::Briefing { entry } => (2, entry, 0),
        Screen::Decision {
            entry, playthrough, ..
        } => (3, entry, playthrough.steps().len()),
        Screen::Feedback {
            entry, playthrough, ..
        } => (4, entry, playthrough.steps().len()),
        Screen::Ending { entry, .. } => (5, entry, 0),
        Screen::Review { entry, .. } => (6, entry, 0),
    }
}

/// What a screen reader is told when a screen appears.
fn announcement(t: &'static Messages, session: &Session) -> String {
    let catalogue = session.catalogue();
    match session.screen() {
        Screen::Home => tr!(t, "app.announce-home").to_string(),
        Screen::Progress => tr!(t, "app.announce-progress").to_string(),
        Screen::Briefing { entry } => {
            tr!(
                t,
                "app.announce-briefing",
                title = catalogue[entry].scenario.title
            )
        }
        Screen::Decision {
            entry, playthrough, ..
        } => {
            let e = &catalogue[entry];
            let Position::Decision(scene) = playthrough.position(&e.scenario) else {
                return String::new();
            };
            let progress = e.analysis.progress(&playthrough);
            tr!(
                t,
                "app.announce-decision",
                number = progress.number,
                about = progress.about,
                title = e.scenario.scene(scene).title
            )
        }
        Screen::Feedback {
            entry, playthrough, ..
        } => {
            let s = &catalogue[entry].scenario;
            let (Some(step), Some((_, before))) =
                (playthrough.steps().last(), playthrough.taken().last())
            else {
                return String::new();
            };
            let choice = step.choice(s);
            tr!(
                t,
                "app.announce-feedback",
                alignment = alignment_label(t, choice.alignment(before.strategy)),
                why = choice.why(before.strategy)
            )
        }
        Screen::Ending {
            entry, playthrough, ..
        }
        | Screen::Review {
            entry, playthrough, ..
        } => {
            let e = &catalogue[entry];
            let Position::Ended(ending) = playthrough.position(&e.scenario) else {
                return String::new();
            };
            let card = e.analysis.score(&e.scenario, &playthrough);
            tr!(
                t,
                "app.announce-ending",
                title = e.scenario.ending(ending).title,
                score = card.score
            )
        }
    }
}

/// Opens the launched case: the LMS's saved attempt, a fresh one when the LMS starts
/// a new attempt, or this device's attempt in progress.
fn open_case(
    session: Session,
    case: Option<String>,
    strategy: Option<String>,
    lms: Option<&Lms>,
) -> Session {
    let Some(scenario) = case else {
        return session;
    };
    let now = clock::now_ms();
    let has_attempt = session
        .store()
        .record(&scenario)
        .is_some_and(|r| r.attempt.is_some());
    let action = match lms {
        Some(Lms {
            resume: Some(suspended),
            ..
        }) => Action::Restore {
            scenario,
            suspended: suspended.clone(),
            now,
        },
        Some(lms) if lms.fresh => Action::StartNewAttempt {
            scenario,
            strategy,
            now,
        },
        _ if has_attempt => Action::Resume { scenario },
        _ => Action::StartNewAttempt {
            scenario,
            strategy,
            now,
        },
    };
    session.apply(action)
}

/// Whether the attempt at `case` has reached an ending.
fn lms_case_ended(session: &Session, case: &str) -> bool {
    session
        .catalogue()
        .iter()
        .position(|e| e.scenario.id.as_str() == case)
        .and_then(|i| {
            session
                .playthrough(i)
                .map(|(p, _)| p.is_ended(&session.catalogue()[i].scenario))
        })
        .unwrap_or(false)
}

#[derive(Properties, PartialEq)]
struct BrokenContentProps {
    errors: Vec<ScenarioErrors>,
}

/// Shown only if a built-in scenario fails validation: a bug, never hidden.
#[function_component]
fn BrokenContent(props: &BrokenContentProps) -> Html {
    let t = use_messages();
    html! {
        <main id="main" class="page">
            <h1>{ tr!(t, "app.broken-title") }</h1>
            <p>{ tr!(t, "app.broken-lead") }</p>
            <pre class="diagnostics">{ for props.errors.iter().map(|e| e.to_string()) }</pre>
        </main>
    }
}
