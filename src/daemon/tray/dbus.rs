//! The two D-Bus interfaces of a tray item: `org.kde.StatusNotifierItem` (icon, tooltip)
//! and `com.canonical.dbusmenu` (its menu), written on the zbus the daemon already runs.
//!
//! The tooltip is computed when a host reads it, so its countdown is right whenever it is
//! shown. A menu click becomes an [`Input::Tray`] for the loop: entries act through the
//! same requests as the CLI.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::Zoned;
use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;
use zbus::object_server::SignalEmitter;
use zbus::wire::StructureBuilder;
use zbus::{OwnedObjectPath, OwnedVariant, Structure, Type, Variant};

use super::look::{self, Entry, MENU, Row};
use crate::daemon::input::Input;
use crate::ipc::StatusReport;

pub const ITEM_PATH: &str = "/StatusNotifierItem";
pub const MENU_PATH: &str = "/MenuBar";

type Pixmap = (i32, i32, Vec<u8>);

/// `org.kde.StatusNotifierItem`: what the host shows.
#[derive(Debug)]
pub struct Item {
    pub report: Arc<StatusReport>,
}

#[allow(clippy::unused_self)] // the protocol's constants are properties too
#[zbus::interface(name = "org.kde.StatusNotifierItem")]
impl Item {
    #[zbus(property)]
    fn category(&self) -> &'static str {
        "ApplicationStatus"
    }

    /// The item's stable name for hosts (their settings key on it): `soleus`.
    #[zbus(property)]
    fn id(&self) -> &'static str {
        "soleus"
    }

    #[zbus(property)]
    fn title(&self) -> &'static str {
        "soleus"
    }

    #[zbus(property)]
    fn status(&self) -> &'static str {
        if look::needs_attention(&self.report) {
            "NeedsAttention"
        } else {
            "Active"
        }
    }

    #[zbus(property)]
    fn window_id(&self) -> i32 {
        0
    }

    #[zbus(property)]
    fn icon_name(&self) -> &'static str {
        ""
    }

    #[zbus(property)]
    fn icon_theme_path(&self) -> &'static str {
        ""
    }

    #[zbus(property)]
    fn icon_pixmap(&self) -> Vec<Pixmap> {
        [16, 22, 32]
            .into_iter()
            .map(|size| look::pixmap(&self.report, size))
            .collect()
    }

    #[zbus(property)]
    fn attention_icon_name(&self) -> &'static str {
        ""
    }

    #[zbus(property)]
    fn attention_icon_pixmap(&self) -> Vec<Pixmap> {
        self.icon_pixmap()
    }

    #[zbus(property)]
    fn overlay_icon_name(&self) -> &'static str {
        ""
    }

    #[zbus(property)]
    fn overlay_icon_pixmap(&self) -> Vec<Pixmap> {
        Vec::new()
    }

    #[zbus(property)]
    fn tool_tip(&self) -> (String, Vec<Pixmap>, String, String) {
        let (title, body) = look::tooltip(&self.report, &Zoned::now());
        (String::new(), Vec::new(), title, body)
    }

    /// A click opens the menu: every action is an entry in it.
    #[zbus(property)]
    fn item_is_menu(&self) -> bool {
        true
    }

    #[zbus(property)]
    fn menu(&self) -> OwnedObjectPath {
        OwnedObjectPath::try_from(MENU_PATH).unwrap_or_default()
    }

    // Clicks and scrolls on the icon itself do nothing: the host opens the menu
    // (`ItemIsMenu`), where every action is.
    fn activate(&self, x: i32, y: i32) {
        let _ = (x, y);
    }

    fn secondary_activate(&self, x: i32, y: i32) {
        let _ = (x, y);
    }

    fn context_menu(&self, x: i32, y: i32) {
        let _ = (x, y);
    }

    fn scroll(&self, delta: i32, orientation: &str) {
        let _ = (delta, orientation);
    }

    #[zbus(signal)]
    pub async fn new_icon(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;

    #[zbus(signal)]
    pub async fn new_attention_icon(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;

    #[zbus(signal)]
    pub async fn new_tool_tip(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;

    #[zbus(signal)]
    pub async fn new_status(emitter: &SignalEmitter<'_>, status: &str) -> zbus::Result<()>;
}

/// A dbusmenu layout node: `(ia{sv}av)`, its children nodes of the same shape in variants.
#[derive(Debug, Serialize, Type)]
pub struct Layout {
    id: i32,
    properties: HashMap<String, OwnedVariant>,
    children: Vec<OwnedVariant>,
}

/// `com.canonical.dbusmenu`: the menu, its entries enabled by state.
#[derive(Debug)]
pub struct Menu {
    pub report: Arc<StatusReport>,
    /// Grows each time the entries change, as dbusmenu's `LayoutUpdated` wants.
    pub revision: u32,
    pub clicks: UnboundedSender<Input>,
}

impl Menu {
    /// Item `id`'s properties, only those `names` asks for (all when it is empty).
    fn named(&self, id: i32, names: &[String]) -> HashMap<String, OwnedVariant> {
        let mut p = self.properties(id);
        if !names.is_empty() {
            p.retain(|k, _| names.contains(k));
        }
        p
    }

    fn properties(&self, id: i32) -> HashMap<String, OwnedVariant> {
        let mut p = HashMap::new();
        let mut put = |k: &str, v: Variant<'_>| {
            if let Ok(v) = OwnedVariant::try_from(v) {
                p.insert(k.to_owned(), v);
            }
        };
        if id == 0 {
            put("children-display", Variant::from("submenu"));
        } else if let Some(entry) = Entry::from_id(id) {
            put("label", Variant::from(entry.label()));
            put("enabled", Variant::from(entry.enabled(self.report.state)));
        } else {
            put("type", Variant::from("separator"));
        }
        p
    }

    fn ids() -> impl Iterator<Item = i32> {
        MENU.iter().map(|row| match row {
            Row::Entry(e) => e.id(),
            Row::Separator(id) => *id,
        })
    }

    fn node(&self, id: i32) -> Option<Structure<'static>> {
        let props: HashMap<String, Variant<'static>> = self
            .properties(id)
            .into_iter()
            .map(|(k, v)| (k, Variant::from(v)))
            .collect();
        StructureBuilder::new()
            .add_field(id)
            .add_field(props)
            .add_field(Vec::<Variant<'static>>::new())
            .build()
            .ok()
    }
}

#[allow(
    clippy::unused_self,
    clippy::needless_pass_by_value,
    clippy::used_underscore_binding
)] // the protocol's signatures
#[zbus::interface(name = "com.canonical.dbusmenu")]
impl Menu {
    fn get_layout(
        &self,
        parent_id: i32,
        recursion_depth: i32,
        property_names: Vec<String>,
    ) -> (u32, Layout) {
        let children = if parent_id == 0 && recursion_depth != 0 {
            Self::ids()
                .filter_map(|id| self.node(id))
                .filter_map(|s| OwnedVariant::try_from(Variant::from(s)).ok())
                .collect()
        } else {
            Vec::new()
        };
        let layout = Layout {
            id: parent_id,
            properties: self.named(parent_id, &property_names),
            children,
        };
        (self.revision, layout)
    }

    fn get_group_properties(
        &self,
        ids: Vec<i32>,
        property_names: Vec<String>,
    ) -> Vec<(i32, HashMap<String, OwnedVariant>)> {
        let ids = if ids.is_empty() {
            std::iter::once(0).chain(Self::ids()).collect()
        } else {
            ids
        };
        ids.into_iter()
            .map(|id| (id, self.named(id, &property_names)))
            .collect()
    }

    fn get_property(&self, id: i32, name: &str) -> zbus::fdo::Result<OwnedVariant> {
        self.properties(id)
            .remove(name)
            .ok_or_else(|| zbus::fdo::Error::InvalidArgs(format!("no property {name} on {id}")))
    }

    fn event(&self, id: i32, event_id: &str, data: OwnedVariant, timestamp: u32) {
        let _ = (data, timestamp);
        if event_id == "clicked"
            && let Some(entry) = Entry::from_id(id)
            && entry.enabled(self.report.state)
        {
            let input = match entry {
                Entry::Quit => Input::Shutdown("Quit in the tray menu"),
                _ => Input::Tray(entry),
            };
            let _ = self.clicks.send(input);
        }
    }

    fn event_group(&self, events: Vec<(i32, String, OwnedVariant, u32)>) -> Vec<i32> {
        let mut unknown = Vec::new();
        for (id, event_id, data, timestamp) in events {
            if id != 0 && Entry::from_id(id).is_none() && !Self::ids().any(|i| i == id) {
                unknown.push(id);
            }
            self.event(id, &event_id, data, timestamp);
        }
        unknown
    }

    /// The menu never changes on opening: nothing to update.
    fn about_to_show(&self, id: i32) -> bool {
        let _ = id;
        false
    }

    fn about_to_show_group(&self, ids: Vec<i32>) -> (Vec<i32>, Vec<i32>) {
        let _ = ids;
        (Vec::new(), Vec::new())
    }

    #[zbus(property)]
    fn version(&self) -> u32 {
        3
    }

    #[zbus(property)]
    fn text_direction(&self) -> &'static str {
        "ltr"
    }

    #[zbus(property)]
    fn status(&self) -> &'static str {
        "normal"
    }

    #[zbus(property)]
    fn icon_theme_path(&self) -> Vec<String> {
        Vec::new()
    }

    #[zbus(signal)]
    pub async fn layout_updated(
        emitter: &SignalEmitter<'_>,
        revision: u32,
        parent: i32,
    ) -> zbus::Result<()>;
}
