//! The reducer: a thin wrapper that hands every action to the core session.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::session::{Action, Session};

#[derive(Debug, PartialEq)]
pub struct SessionState(pub Session);

impl Reducible for SessionState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.0.apply(action);
        if next == self.0 {
            self
        } else {
            Rc::new(SessionState(next))
        }
    }
}
