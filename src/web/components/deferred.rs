//! Children rendered a few turns of the event loop after the first render,
//! so that mounting the app is several short tasks rather than one long one
//! (issue 30: a phone's main thread busy for 150 ms at once as the app
//! started, most of it the browser compiling the module's functions the
//! first time each runs).

use yew::prelude::*;

/// Props of [`Deferred`].
#[derive(Properties, PartialEq)]
pub struct DeferredProps {
    /// After how many turns of the event loop (tasks) the children show:
    /// 0 at once, 1 in the next task, and so on. A larger turn shows after
    /// every smaller one.
    pub turn: u32,
    /// Told once, when the children have been rendered (after the effects
    /// of that render).
    #[prop_or_default]
    pub on_shown: Option<Callback<()>>,
    /// What to show.
    #[prop_or_default]
    pub children: Html,
}

/// Nothing, then from its turn on its children.
#[component]
pub fn Deferred(props: &DeferredProps) -> Html {
    let turn = props.turn;
    let shown = use_state_eq(move || turn == 0);
    {
        let shown = shown.clone();
        use_effect_with((), move |_| after_turns(turn, Box::new(move || shown.set(true))));
    }
    {
        let on_shown = props.on_shown.clone();
        use_effect_with(*shown, move |shown| {
            if let (true, Some(on_shown)) = (*shown, on_shown) {
                on_shown.emit(());
            }
        });
    }
    if *shown {
        props.children.clone()
    } else {
        Html::default()
    }
}

/// Runs `then` after `turns` tasks (each a zero timeout that queues the
/// next): a render it triggers runs in the last of them, and the turns of
/// every deferred part queued in one render come in order. The app's start
/// uses it too, for work it gives a task of its own.
pub fn after_turns(turns: u32, then: Box<dyn FnOnce()>) {
    match turns {
        0 => then(),
        n => {
            // The timer's id, not needed: it runs once, and what it sets is
            // ignored should the part be gone by then.
            let _id = gloo::timers::callback::Timeout::new(0, move || after_turns(n - 1, then)).forget();
        }
    }
}
