//! The PDF outline (bookmarks), written with lopdf rather than printpdf's `add_bookmark`:
//! printpdf keeps a flat list sorted by page and then by title, which puts "10 …" before
//! "9 …" on a shared page and cannot nest. Here sections are top-level entries in document
//! order with their level-2 headings inside (closed), each pointing at the heading itself.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::layout::Mark;
use crate::pdf::text_string;

pub fn write(lo: &mut Document, marks: &[Mark], page_h: f32) {
    let pages = lo.get_pages();
    let page_of = |m: &Mark| {
        u32::try_from(m.page + 1)
            .ok()
            .and_then(|n| pages.get(&n).copied())
    };
    let marks: Vec<(&Mark, ObjectId)> = marks
        .iter()
        .filter_map(|m| page_of(m).map(|p| (m, p)))
        .collect();
    if marks.is_empty() {
        return;
    }
    // Level 2 goes under the level-1 entry before it; one before any section stays on top.
    let mut tree: Vec<(usize, Vec<usize>)> = Vec::new();
    for (i, (m, _)) in marks.iter().enumerate() {
        match tree.last_mut() {
            Some((_, kids)) if m.level >= 2 => kids.push(i),
            _ => tree.push((i, Vec::new())),
        }
    }
    let root = lo.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| lo.new_object_id()).collect();
    let entry = |i: usize, parent: ObjectId, prev: Option<usize>, next: Option<usize>| {
        let (m, page) = marks[i];
        let mut d = Dictionary::new();
        d.set("Title", text_string(&m.title));
        d.set("Parent", parent);
        // Open at the heading, a little above it, keeping the reader's zoom.
        let top = (page_h - m.y + 6.0).min(page_h);
        d.set(
            "Dest",
            vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ],
        );
        if let Some(p) = prev {
            d.set("Prev", ids[p]);
        }
        if let Some(n) = next {
            d.set("Next", ids[n]);
        }
        d
    };
    for (k, (i, kids)) in tree.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| tree[p].0);
        let next = tree.get(k + 1).map(|n| n.0);
        let mut d = entry(*i, root, prev, next);
        if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
            d.set("First", ids[*first]);
            d.set("Last", ids[*last]);
            // Negative: closed, so the outline opens as the list of sections.
            d.set("Count", -(kids.len() as i64));
            for (j, kid) in kids.iter().enumerate() {
                let prev = j.checked_sub(1).map(|p| kids[p]);
                let next = kids.get(j + 1).copied();
                let kd = entry(*kid, ids[*i], prev, next);
                lo.set_object(ids[*kid], kd);
            }
        }
        lo.set_object(ids[*i], d);
    }
    let mut root_dict = Dictionary::new();
    root_dict.set("Type", Object::Name(b"Outlines".to_vec()));
    root_dict.set("First", ids[tree[0].0]);
    root_dict.set("Last", ids[tree[tree.len() - 1].0]);
    root_dict.set("Count", tree.len() as i64);
    lo.set_object(root, root_dict);
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("Outlines", root);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}
