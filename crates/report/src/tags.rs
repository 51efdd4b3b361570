//! The structure tree of a tagged PDF (ISO 32000-1 14.7–14.8), written with lopdf after
//! printpdf: each piece of content on a page was wrapped in marked content with an id
//! (MCID) naming its structure element; here the elements become objects, in reading order,
//! with the parent tree that maps each page's ids back to them. The catalog says the file is
//! tagged, in which language, and that viewers show its title rather than its file name.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::layout::Node;
use crate::pdf::text_string as text;

/// One marked-content sequence: page (0-based), its id on that page, its element.
#[derive(Debug, Clone, Copy)]
pub struct Marked {
    pub page: usize,
    pub mcid: i64,
    pub node: usize,
}

enum Kid {
    Elem(usize),
    Content(usize, i64),
}

pub fn write(lo: &mut Document, nodes: &[Node], marked: &[Marked], lang: &str) {
    let pages = lo.get_pages();
    let page_ref = |i: usize| {
        u32::try_from(i + 1)
            .ok()
            .and_then(|n| pages.get(&n).copied())
    };
    // Elements in the order their first content appears; the document element holds the
    // top-level ones.
    let mut kids: Vec<Vec<Kid>> = (0..nodes.len()).map(|_| Vec::new()).collect();
    let mut top: Vec<usize> = Vec::new();
    let mut attached = vec![false; nodes.len()];
    fn attach(
        n: usize,
        nodes: &[Node],
        attached: &mut [bool],
        kids: &mut [Vec<Kid>],
        top: &mut Vec<usize>,
    ) {
        if attached[n] {
            return;
        }
        attached[n] = true;
        match nodes[n].parent {
            Some(p) if p < nodes.len() => {
                attach(p, nodes, attached, kids, top);
                kids[p].push(Kid::Elem(n));
            }
            _ => top.push(n),
        }
    }
    let mut per_page: BTreeMap<usize, Vec<(i64, usize)>> = BTreeMap::new();
    for m in marked {
        if m.node >= nodes.len() {
            continue;
        }
        attach(m.node, nodes, &mut attached, &mut kids, &mut top);
        kids[m.node].push(Kid::Content(m.page, m.mcid));
        per_page.entry(m.page).or_default().push((m.mcid, m.node));
    }

    let root = lo.new_object_id();
    let document = lo.new_object_id();
    let ids: Vec<Option<ObjectId>> = attached
        .iter()
        .map(|&a| a.then(|| lo.new_object_id()))
        .collect();
    for (n, node) in nodes.iter().enumerate() {
        let Some(id) = ids[n] else { continue };
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"StructElem".to_vec()));
        d.set("S", Object::Name(node.role.name().as_bytes().to_vec()));
        let parent = node.parent.and_then(|p| ids.get(p).copied().flatten());
        d.set("P", parent.unwrap_or(document));
        if let Some(alt) = &node.alt {
            d.set("Alt", text(alt));
        }
        let k: Vec<Object> = kids[n]
            .iter()
            .filter_map(|kid| match kid {
                Kid::Elem(c) => ids[*c].map(Object::Reference),
                Kid::Content(page, mcid) => page_ref(*page).map(|pg| {
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", Object::Name(b"MCR".to_vec()));
                    mcr.set("Pg", pg);
                    mcr.set("MCID", *mcid);
                    Object::Dictionary(mcr)
                }),
            })
            .collect();
        d.set("K", k);
        lo.objects.insert(id, Object::Dictionary(d));
    }
    let mut doc = Dictionary::new();
    doc.set("Type", Object::Name(b"StructElem".to_vec()));
    doc.set("S", Object::Name(b"Document".to_vec()));
    doc.set("P", root);
    doc.set(
        "K",
        top.iter()
            .filter_map(|n| ids[*n].map(Object::Reference))
            .collect::<Vec<_>>(),
    );
    lo.objects.insert(document, Object::Dictionary(doc));

    // The parent tree: for each page (its StructParents key), the element of each MCID.
    let mut nums: Vec<Object> = Vec::new();
    for (page, list) in &per_page {
        let Some(pg) = page_ref(*page) else { continue };
        let mut list = list.clone();
        list.sort_by_key(|(mcid, _)| *mcid);
        let arr: Vec<Object> = list
            .iter()
            .map(|(_, n)| ids[*n].map_or(Object::Null, Object::Reference))
            .collect();
        let key = *page as i64;
        nums.push(Object::Integer(key));
        let arr_id = lo.add_object(Object::Array(arr));
        nums.push(Object::Reference(arr_id));
        if let Ok(d) = lo.get_object_mut(pg).and_then(Object::as_dict_mut) {
            d.set("StructParents", key);
            // Tab order follows the structure.
            d.set("Tabs", Object::Name(b"S".to_vec()));
        }
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", nums);
    let tree_id = lo.add_object(Object::Dictionary(tree));
    let mut r = Dictionary::new();
    r.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    r.set("K", document);
    r.set("ParentTree", tree_id);
    r.set("ParentTreeNextKey", pages.len() as i64);
    lo.objects.insert(root, Object::Dictionary(r));

    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("StructTreeRoot", root);
        let mut mark = Dictionary::new();
        mark.set("Marked", true);
        catalog.set("MarkInfo", mark);
        catalog.set("Lang", text(lang));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", true);
        catalog.set("ViewerPreferences", prefs);
    }
}
